import Foundation
@testable import GatewayApp
import HTTPTypes
import InMemoryLogging
import Logging
import Testing

/// The front-end files the gateway serves (docs/CONSOLE.md, "Serving and caching"): the URL
/// mapping, ETags and 304, gzip, the page CSP, 404 for everything that is not a file, HEAD.
@Suite(.serialized)
struct GatewayStaticFilesTests {
    /// A Web folder of its own: a page, a large script (gzip pays), a tiny style sheet (it does
    /// not), an image (never compressed).
    static let web: StaticFiles = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("web-\(UUID().uuidString)")
        let files: [String: [UInt8]] = [
            "console/index.html": Array("<!doctype html><title>控制台</title><h1>控制台</h1>".utf8),
            "m/index.html": Array("<!doctype html><title>学员</title>".utf8),
            "console/app.js": Array(String(repeating: "export const greeting = '你好';\n", count: 200).utf8),
            "shared/tiny.css": Array("a{}".utf8),
            "shared/logo.png": [0x89, 0x50, 0x4e, 0x47] + Array(repeating: 0, count: 600),
            ".hidden.js": Array("skipped".utf8),
        ]
        for (path, bytes) in files {
            let url = root.appendingPathComponent(path)
            try! FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try! Data(bytes).write(to: url)
        }
        return try! StaticFiles.load(directory: root)
    }()

    static let script = String(repeating: "export const greeting = '你好';\n", count: 200)

    @Test("GW-3: / is the console and /m/ the student pages, from the bundled Web folder, with type, ETag, no-cache and the page CSP")
    func bundledPages() async throws {
        let stack = try await Stack.shared.value
        let bundled = try Stack.web.get()
        let console = try #require(bundled.files["/console/index.html"])
        try await stack.gateway { http in
            let page = try await http.send(.get, "/")
            #expect(page.status == 200)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[.eTag] == console.etag)
            #expect(page.headers[.eTag]?.utf8.count == 66)
            #expect(page.headers[.cacheControl] == "no-cache")
            #expect(page.headers[.contentSecurityPolicy] == StaticFiles.pageCSP)
            #expect(page.headers[.xContentTypeOptions] == "nosniff")
            #expect(page.headers[.xFrameOptions] == "DENY")
            #expect(page.headers[.xRequestID] != nil)
            #expect(page.data == Data(buffer: console.body))
            #expect(try await http.send(.get, "/console/index.html").headers[.eTag] == console.etag)

            let student = try await http.send(.get, "/m/")
            #expect(student.status == 200)
            #expect(student.headers[.eTag] == bundled.files["/m/index.html"]?.etag)
            #expect(student.headers[.eTag] != console.etag)
            let bare = try await http.send(.get, "/m")
            #expect(bare.status == 301)
            #expect(bare.headers[.location] == "/m/")

            // The API keeps its own headers.
            let health = try await http.send(.get, "/healthz")
            #expect(health.headers[.contentSecurityPolicy] == "default-src 'none'; frame-ancestors 'none'")
            #expect(health.headers[.cacheControl] == "no-store")
        }
    }

    @Test("GW-3: If-None-Match with the file's ETag (or a list, weak, or *) is a 304 without a body; another tag a 200")
    func notModified() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway(web: Self.web) { http in
            let first = try await http.send(.get, "/console/app.js")
            let etag = try #require(first.headers[.eTag])
            for condition in [etag, "W/\(etag)", "\"other\", \(etag)", "*"] {
                let again = try await http.send(.get, "/console/app.js", headers: [.ifNoneMatch: condition])
                #expect(again.status == 304, "If-None-Match: \(condition)")
                #expect(again.data.isEmpty)
                #expect(again.headers[.eTag] == etag)
                #expect(again.headers[.cacheControl] == "no-cache")
            }
            #expect(try await http.send(.get, "/console/app.js", headers: [.ifNoneMatch: "\"stale\""]).status == 200)
            // The gzip copy's tag revalidates too, and a 304 of a HEAD is the same.
            let gzip = try await http.send(.get, "/console/app.js", headers: [.acceptEncoding: "gzip"])
            let gzipTag = try #require(gzip.headers[.eTag])
            #expect(gzipTag != etag)
            let revalidated = try await http.send(.get, "/console/app.js", headers: [.acceptEncoding: "gzip", .ifNoneMatch: gzipTag])
            #expect(revalidated.status == 304)
            #expect(revalidated.headers[.eTag] == gzipTag)
            #expect(try await http.send(.head, "/", headers: [.ifNoneMatch: etag]).status == 200)
            let pageTag = try #require(try await http.send(.get, "/").headers[.eTag])
            #expect(try await http.send(.head, "/", headers: [.ifNoneMatch: pageTag]).status == 304)
        }
    }

    @Test("GW-3: text is sent gzip-compressed when asked (Vary: Accept-Encoding), never otherwise; images and tiny files never")
    func gzip() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway(web: Self.web) { http in
            let compressed = try await http.send(.get, "/console/app.js", headers: [.acceptEncoding: "gzip, deflate, br"])
            #expect(compressed.status == 200)
            #expect(compressed.headers[.contentEncoding] == "gzip")
            #expect(compressed.headers[.vary] == "Accept-Encoding")
            #expect(compressed.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(compressed.data.count < Self.script.utf8.count / 10)
            #expect(compressed.headers[.contentLength] == String(compressed.data.count))
            let inflated = try #require(Gzip.decompress(Array(compressed.data)))
            #expect(String(decoding: inflated, as: UTF8.self) == Self.script)

            for refusal in [nil, "identity", "gzip;q=0", "br", "*;q=0"] {
                var headers: HTTPFields = [:]
                if let refusal { headers[.acceptEncoding] = refusal }
                let plain = try await http.send(.get, "/console/app.js", headers: headers)
                #expect(plain.headers[.contentEncoding] == nil, "Accept-Encoding: \(refusal ?? "none")")
                #expect(plain.headers[.vary] == "Accept-Encoding")
                #expect(String(decoding: plain.data, as: UTF8.self) == Self.script)
            }
            #expect(try await http.send(.get, "/console/app.js", headers: [.acceptEncoding: "*"]).headers[.contentEncoding] == "gzip")

            let image = try await http.send(.get, "/shared/logo.png", headers: [.acceptEncoding: "gzip"])
            #expect(image.status == 200)
            #expect(image.headers[.contentType] == "image/png")
            #expect(image.headers[.contentEncoding] == nil)
            #expect(image.headers[.vary] == nil)
            #expect(image.data.count == 604)
            let tiny = try await http.send(.get, "/shared/tiny.css", headers: [.acceptEncoding: "gzip"])
            #expect(tiny.headers[.contentType] == "text/css; charset=utf-8")
            #expect(tiny.headers[.contentEncoding] == nil)
            #expect(String(decoding: tiny.data, as: UTF8.self) == "a{}")
        }
    }

    @Test("GW-3: HTML pages carry the strict page CSP; scripts, styles and images keep default-src 'none'")
    func contentSecurityPolicy() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway(web: Self.web) { http in
            for page in ["/", "/m/", "/console/index.html", "/m/index.html"] {
                let reply = try await http.send(.get, page)
                #expect(reply.headers[.contentSecurityPolicy] == StaticFiles.pageCSP, "\(page)")
                #expect(reply.headers[.contentType] == "text/html; charset=utf-8")
            }
            #expect(StaticFiles.pageCSP.contains("script-src 'self';"))
            #expect(!StaticFiles.pageCSP.contains("unsafe"))
            for asset in ["/console/app.js", "/shared/tiny.css", "/shared/logo.png"] {
                let reply = try await http.send(.get, asset)
                #expect(reply.headers[.contentSecurityPolicy] == "default-src 'none'; frame-ancestors 'none'", "\(asset)")
                #expect(reply.headers[.xContentTypeOptions] == "nosniff")
            }
        }
    }

    @Test("GW-3: a path outside Web/, with .., encoded, hidden or unknown is a JSON 404; another method on a file a 405")
    func notFound() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway(web: Self.web) { http in
            for path in ["/../Package.swift", "/console/../m/index.html", "/console/..%2Fm/index.html", "/%2e%2e/Package.swift",
                         "/console/%61pp.js", "/console/nothing.js", "/.hidden.js", "/console", "/console/", "/shared/",
                         "/Web/console/index.html", "/index.html", "/m/index", "//console/app.js", "/api/v1/console/app.js"] {
                let reply = try await http.send(.get, path)
                #expect(reply.status == 404, "\(path)")
                #expect(reply.code == "NOT_FOUND", "\(path)")
                #expect(reply.headers[.contentType] == "application/json; charset=utf-8")
            }
            let post = try await http.send(.post, "/", raw: "{}")
            #expect(post.status == 405)
            #expect(post.headers[.allow] == "GET, HEAD")
            #expect(try await http.send(.delete, "/console/app.js").status == 405)
            // The API's own 405 and 404 are unchanged.
            #expect(try await http.send(.delete, "/api/v1/me").headers[.allow] == "GET")
            #expect(try await http.send(.get, "/api/v1/nothing-here").status == 404)
        }
    }

    @Test("GW-3: HEAD is GET's headers, Content-Length included, without the body")
    func head() async throws {
        let stack = try await Stack.shared.value
        try await stack.gateway(web: Self.web) { http in
            let get = try await http.send(.get, "/console/app.js")
            let head = try await http.send(.head, "/console/app.js")
            #expect(head.status == 200)
            #expect(head.data.isEmpty)
            #expect(head.headers[.contentLength] == String(Self.script.utf8.count))
            #expect(head.headers[.eTag] == get.headers[.eTag])
            #expect(head.headers[.contentType] == get.headers[.contentType])
            let gzip = try await http.send(.head, "/console/app.js", headers: [.acceptEncoding: "gzip"])
            #expect(gzip.headers[.contentEncoding] == "gzip")
            let body = try await http.send(.get, "/console/app.js", headers: [.acceptEncoding: "gzip"])
            #expect(gzip.headers[.contentLength] == String(body.data.count))
        }
    }

    @Test("GW-1, GW-3: the files are no API routes (not in /openapi.json); the access log names them /(static), never the path")
    func notAPI() async throws {
        let stack = try await Stack.shared.value
        let logs = InMemoryLogHandler()
        try await stack.gateway(web: Self.web, accessLogger: Logger(label: "access") { _ in logs }) { http in
            let document = try await http.send(.get, "/openapi.json")
            let paths = try #require(document["paths"] as? [String: Any])
            #expect(paths.keys.allSatisfy { $0.hasPrefix("/api/v1/") || $0 == "/healthz" || $0 == "/openapi.json"
                || $0.hasPrefix("/.well-known/") })
            let before = logs.entries.count
            _ = try await http.send(.get, "/console/app.js")
            _ = try await http.send(.get, "/m/")
            _ = try await http.send(.post, "/m/")
            _ = try await http.send(.get, "/console/secret-340104199003071236.js")
            let lines = Array(logs.entries.dropFirst(before))
            #expect(lines.map { $0.metadata["http.route"].map { "\($0)" } ?? "" } == ["/(static)", "/(static)", "/(static)", "(unmatched)"])
            #expect(lines.map { $0.metadata["http.status"].map { "\($0)" } ?? "" } == ["200", "200", "405", "404"])
            for line in lines { #expect(!"\(line.message) \(line.metadata)".contains("app.js")) }
        }
    }

    @Test("GW-3: loading refuses a file the gateway could not type or address")
    func loadRefuses() throws {
        for (name, message) in [("notes.docx", "no content type"), ("页面.html", "file names")] {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("web-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try Data("x".utf8).write(to: root.appendingPathComponent(name))
            #expect { try StaticFiles.load(directory: root) } throws: { "\($0)".contains(message) }
        }
        let bundled = try Stack.web.get()
        #expect(bundled.files["/"] != nil && bundled.files["/m/"] != nil)
    }
}
