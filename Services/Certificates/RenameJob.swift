import CertificatesDomain
import Logging
import ServiceHost
import ServiceLifecycle
import Storage

/// B-7: carries out approved employer renames, in every instance. A step locks one unfinished
/// rename (`FOR UPDATE SKIP LOCKED`: another instance takes another one, or none) and changes a
/// chunk of its certificates — each with its event and registry outbox row — in one
/// transaction, and counts them in the business's progress; the console's progress bar reads it.
/// A step that fails leaves its chunk for the next one, so a stopped instance loses nothing.
public struct RenameJob: Service {
    let database: DatabasePool
    let chunk: Int
    let interval: Duration
    let logger: Logger

    public init(database: DatabasePool, chunk: Int = 200, interval: Duration = .seconds(2), logger: Logger) {
        precondition(chunk > 0)
        self.database = database
        self.chunk = chunk
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await runPeriodically(every: interval) {
            do {
                while try await step() > 0, !Task.isCancelled {}
            } catch {
                logger.warning("employer rename failed; retrying next round", metadata: ["error": "\(error)"])
            }
        }
    }

    /// One chunk of one rename. - Returns: how many certificates it counted (0: nothing waits).
    @discardableResult
    public func step() async throws -> Int {
        let chunk = self.chunk
        let (business, done) = try await database.transaction { tx -> (Int64, Int) in
            guard let rename = try BusinessStore.claimRunningRename(tx) else { return (0, 0) }
            return (rename.id, try BusinessStore.renameChunk(rename.id, oldEmployer: rename.oldEmployer, newEmployer: rename.newEmployer,
                                                             by: rename.by, limit: chunk, tx))
        }
        if business != 0 { logger.debug("employer rename step", metadata: ["business": "\(business)", "done": "\(done)"]) }
        return business == 0 ? 0 : max(done, 1)
    }
}
