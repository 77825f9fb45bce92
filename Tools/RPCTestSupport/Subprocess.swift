#if canImport(Glibc)
import Glibc
#endif

/// Runs programs with posix_spawn and waitpid. Tests use this rather than Foundation's Process,
/// whose Linux implementation can deadlock when several test threads launch processes at once.
public enum Subprocess {
    /// `$TMPDIR` or /tmp, with a trailing slash. (Foundation's NSTemporaryDirectory crashed when
    /// several test threads called it at once.)
    public static let temporaryDirectory: String = {
        guard let value = getenv("TMPDIR"), value.pointee != 0 else { return "/tmp/" }
        let path = String(cString: value)
        return path.hasSuffix("/") ? path : path + "/"
    }()

    /// Runs `arguments[0]` (a path) with the rest as arguments and waits for it; `environment`
    /// is added to ours. The child inherits our descriptors; scripts that start daemons close
    /// theirs first.
    /// - Returns: the exit status (non-zero also for a signal or a failed spawn).
    @discardableResult
    public static func run(_ arguments: [String], environment: [String: String] = [:]) -> Int32 {
        spawn(arguments, environment: environment)?.wait() ?? 127
    }

    /// Starts `arguments[0]` (a path) with the rest as arguments; `environment` is added to ours.
    /// - Parameter outputFile: where the child's standard output and error go (created or
    ///   truncated); nil: ours.
    /// - Returns: the running child, or nil when it could not be spawned.
    public static func spawn(_ arguments: [String], environment: [String: String] = [:],
                             outputFile: String? = nil) -> ChildProcess? {
        var merged: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                merged[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        for (key, value) in environment { merged[key] = value }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        if let outputFile {
            posix_spawn_file_actions_addopen(&actions, 1, outputFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        var pid: pid_t = 0
        guard posix_spawn(&pid, arguments[0], &actions, nil, argv, envp) == 0 else { return nil }
        return ChildProcess(pid: pid)
    }
}

/// A process started by `Subprocess.spawn`. Wait for it (or poll it until it has ended) exactly
/// once it is done, so it does not stay a zombie.
public struct ChildProcess: Sendable {
    public let pid: pid_t

    /// Sends `signal` (`SIGTERM`, `SIGKILL`, …) to the process.
    public func send(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Blocks until the process ends.
    /// - Returns: its exit status, 128 + n when signal n ended it, 127 when it cannot be waited for.
    public func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            if errno != EINTR { return 127 }
        }
        return Self.exitStatus(status)
    }

    /// The exit status if the process has ended (as `wait`), nil while it runs.
    public func poll() -> Int32? {
        var status: Int32 = 0
        switch waitpid(pid, &status, WNOHANG) {
        case 0: return nil
        case -1: return 127
        default: return Self.exitStatus(status)
        }
    }

    /// WIFEXITED / WEXITSTATUS, which Swift does not import.
    private static func exitStatus(_ status: Int32) -> Int32 {
        status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}

import Foundation

/// Runs blocking work (process launches, initdb, libpq connects) on a thread of its own, so
/// it never holds one of the few threads of Swift's cooperative pool: on a 2-core machine two
/// such waits would stall every other test's timers and tasks.
public func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
