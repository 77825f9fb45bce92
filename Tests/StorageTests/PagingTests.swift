import RPC
import RPCTestSupport
import ServiceHost
import Storage
import Testing

@Suite("Paging and the Shanghai calendar")
struct PagingTests {
    @Test("X-2: page size defaults to 20, tops at 200; the token is the last id")
    func pageWindow() throws {
        let first = try PageWindow(size: 0, token: "")
        #expect(first.size == 20 && first.after == nil)
        #expect(try PageWindow(size: 5, token: "11").after == 11)
        for (size, token, field) in [(UInt32(201), "", "page.pageSize"), (5, "abc", "page.pageToken"), (5, "-3", "page.pageToken")] {
            let error = #expect(throws: RPCError.self) { try PageWindow(size: size, token: token) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.fieldErrors.first?.field == field)
        }
    }

    @Test("X-2: pages walk the ids in either order, the last one has no token, the total counts the filter")
    func fetchPages() async throws {
        let (pool, _) = try await TestCluster.sharedStarted().freshPool()
        try await pool.transaction { tx in
            try tx.execute("CREATE TABLE items (id bigint PRIMARY KEY, colour text)")
            try tx.execute("INSERT INTO items SELECT g, CASE WHEN g % 2 = 0 THEN 'red' ELSE 'blue' END FROM generate_series(1, 11) g")
        }
        func walk(_ order: PageWindow.Order) async throws -> (pages: [[Int64]], totals: Set<UInt64>) {
            var pages: [[Int64]] = [], totals: Set<UInt64> = [], token = ""
            repeat {
                let window = try PageWindow(size: 2, token: token)
                let page = try await pool.transaction { tx in
                    try window.fetch(tx, columns: "id", from: "FROM items WHERE colour = $1", parameters: [.text("blue")],
                                     id: "id", order: order, { try $0.decode("id", as: Int64.self) }, itemID: { $0 })
                }
                pages.append(page.items)
                totals.insert(page.total)
                token = page.nextToken
            } while !token.isEmpty
            return (pages, totals)
        }
        let oldest = try await walk(.oldestFirst)
        #expect(oldest.pages == [[1, 3], [5, 7], [9, 11]])
        #expect(oldest.totals == [6])
        let newest = try await walk(.newestFirst)
        #expect(newest.pages == [[11, 9], [7, 5], [3, 1]])
        await pool.shutdown()
    }
}
