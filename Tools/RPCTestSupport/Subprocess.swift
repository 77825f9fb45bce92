#if canImport(Glibc)
import Glibc
#endif

/// Runs a program and waits for it, with posix_spawn and waitpid. Tests use this rather than
/// Foundation's Process, whose Linux implementation can deadlock when several test threads
/// launch processes at once.
public enum Subprocess {
    /// `$TMPDIR` or /tmp, with a trailing slash. (Foundation's NSTemporaryDirectory crashed when
    /// several test threads called it at once.)
    public static let temporaryDirectory: String = {
        guard let value = getenv("TMPDIR"), value.pointee != 0 else { return "/tmp/" }
        let path = String(cString: value)
        return path.hasSuffix("/") ? path : path + "/"
    }()

    /// Runs `arguments[0]` (a path) with the rest as arguments; `environment` is added to ours.
    /// The child inherits our descriptors; scripts that start daemons close theirs first.
    /// - Returns: the exit status (non-zero also for a signal or a failed spawn).
    @discardableResult
    public static func run(_ arguments: [String], environment: [String: String] = [:]) -> Int32 {
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
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        guard posix_spawn(&pid, arguments[0], nil, nil, argv, envp) == 0 else { return 127 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            if errno != EINTR { return 127 }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
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
