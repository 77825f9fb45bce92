import Foundation
import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One JSON object per line on standard error: `time` (UTC, ISO 8601), `level`, `label`,
/// `message`, then the metadata keys sorted. Callers mask personal data before logging.
/// Lines go through `LogOutput.standardError`, which batches writes (docs/CONFIGURATION.md).
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let output: LogOutput

    public init(label: String, level: Logger.Level) {
        self.init(label: label, level: level, output: .standardError)
    }

    init(label: String, level: Logger.Level, output: LogOutput) {
        self.label = label
        self.logLevel = level
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        // Both metadata sets as one list sorted by key, the event's value first on a tie: no
        // merged dictionary per line.
        var entries: [(key: String, value: Logger.Metadata.Value, fromEvent: Bool)] = []
        entries.reserveCapacity(metadata.count + (event.metadata?.count ?? 0))
        for (key, value) in event.metadata ?? [:] { entries.append((key, value, true)) }
        for (key, value) in metadata { entries.append((key, value, false)) }
        entries.sort { $0.key != $1.key ? $0.key < $1.key : $0.fromEvent && !$1.fromEvent }
        var line: [UInt8] = []
        line.reserveCapacity(320)
        line.append(UInt8(ascii: "{"))
        Self.append("time", Self.timestamp(), to: &line, first: true)
        Self.append("level", event.level.rawValue, to: &line)
        Self.append("label", label, to: &line)
        Self.append("message", event.message.description, to: &line)
        var previous: String?
        for entry in entries where entry.key != previous && !Self.leading.contains(entry.key) {
            Self.append(entry.key, Self.text(entry.value), to: &line)
            previous = entry.key
        }
        line.append(UInt8(ascii: "}"))
        line.append(UInt8(ascii: "\n"))
        output.write(line, urgent: event.level >= .warning)
    }

    private static func append(_ key: String, _ value: String, to line: inout [UInt8], first: Bool = false) {
        if !first { line.append(UInt8(ascii: ",")) }
        quote(key, into: &line)
        line.append(UInt8(ascii: ":"))
        quote(value, into: &line)
    }

    private static let leading = ["time", "level", "label", "message"]

    private static func text(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): text
        case .stringConvertible(let value): value.description
        default: "\(value)"
        }
    }

    /// The line's bytes, the fields in the order given (for tests of the escaping).
    static func encode(_ fields: [(String, String)]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (index, (key, value)) in fields.enumerated() { append(key, value, to: &out, first: index == 0) }
        out.append(UInt8(ascii: "}"))
        return out
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private static func quote(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(byte)
            case UInt8(ascii: "\n"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0..<0x20:
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                        hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// UTC, ISO 8601 with milliseconds: 2026-12-02T02:15:47.123Z.
    private static func timestamp() -> String {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        var parts = tm()
        var seconds = time.tv_sec
        gmtime_r(&seconds, &parts)
        var bytes = [UInt8](repeating: 0, count: 24)
        func put(_ value: Int, _ count: Int, at offset: Int) {
            var value = value
            for index in stride(from: offset + count - 1, through: offset, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(Int(parts.tm_year) + 1900, 4, at: 0); bytes[4] = UInt8(ascii: "-")
        put(Int(parts.tm_mon) + 1, 2, at: 5); bytes[7] = UInt8(ascii: "-")
        put(Int(parts.tm_mday), 2, at: 8); bytes[10] = UInt8(ascii: "T")
        put(Int(parts.tm_hour), 2, at: 11); bytes[13] = UInt8(ascii: ":")
        put(Int(parts.tm_min), 2, at: 14); bytes[16] = UInt8(ascii: ":")
        put(Int(parts.tm_sec), 2, at: 17); bytes[19] = UInt8(ascii: ".")
        put(Int(time.tv_nsec / 1_000_000), 3, at: 20); bytes[23] = UInt8(ascii: "Z")
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Log lines on their way to a file descriptor, written in batches: a line waits at most
/// `interval` (50 ms) or until 64 KiB are waiting, so a busy gateway does one `write(2)` per
/// batch instead of one per request (its access log). Warnings and worse are written at once
/// with everything before them, and the process flushes at exit.
public final class LogOutput: Sendable {
    /// Standard error, flushed at exit.
    public static let standardError: LogOutput = {
        let output = LogOutput(descriptor: 2)
        atexit { LogOutput.standardError.flush() }
        return output
    }()

    private let descriptor: Int32
    private let pending = Mutex<[UInt8]>([])
    /// Held while writing, so batches reach the descriptor in the order they were taken.
    private let writing = Mutex<Void>(())
    private let flusherStarted = Atomic<Bool>(false)
    private let interval: useconds_t = 50_000
    private static let batchSize = 64 * 1024

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Queues `line`; writes now when `urgent` or when the batch is full.
    public func write(_ line: [UInt8], urgent: Bool) {
        let full = pending.withLock { buffer in
            buffer.append(contentsOf: line)
            return buffer.count >= Self.batchSize
        }
        if urgent || full {
            flush()
        } else if !flusherStarted.load(ordering: .relaxed),
                  flusherStarted.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged {
            Thread.detachNewThread { [self] in
                while true {
                    usleep(interval)
                    flush()
                }
            }
        }
    }

    /// Writes everything waiting.
    public func flush() {
        writing.withLock { _ in
            let batch = pending.withLock { buffer -> [UInt8] in
                defer { buffer.removeAll(keepingCapacity: true) }
                return buffer
            }
            batch.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }
}
