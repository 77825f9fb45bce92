import Foundation

/// Certificates made by `scripts/dev-certs.sh` in a temporary directory, for tests and
/// rpc-bench: a cluster CA with `server`, `client`, `expired` (already expired) and a second,
/// unrelated CA with `rogue`.
public struct DevCertificates: Sendable {
    public let directory: String
    public let foreignDirectory: String

    /// Creates the certificates (about half a second of openssl).
    /// - Throws: when the script fails.
    public static func make(repositoryRoot: String) throws -> DevCertificates {
        let base = Subprocess.temporaryDirectory + "rpc-certs-\(UUID().uuidString)"
        let script = repositoryRoot + "/scripts/dev-certs.sh"
        try run(script, [base + "/cluster", "server", "client", "identity", "enrollment", "classes", "assessment", "certificates", "gateway", "registry"])
        try run(script, [base + "/cluster", "expired"], environment: ["DEV_CERT_DAYS": "-1"])
        try run(script, [base + "/foreign", "rogue"])
        return DevCertificates(directory: base + "/cluster", foreignDirectory: base + "/foreign")
    }

    /// The repository root, found from a source file's path inside it.
    public static func repositoryRoot(from file: String = #filePath) -> String {
        var url = URL(fileURLWithPath: file).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.path
            }
            url.deleteLastPathComponent()
        }
        return FileManager.default.currentDirectoryPath
    }

    public func path(_ name: String) -> String { directory + "/" + name }

    private static func run(_ script: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        guard Subprocess.run(["/bin/bash", script] + arguments, environment: environment) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "dev-certs.sh failed"])
        }
    }
}
