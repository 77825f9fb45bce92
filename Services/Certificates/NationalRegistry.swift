import CertificatesDomain
import Foundation
import HTTPS
import NIOCore
import RPC

/// B-3: where certificate records go — the national registry (全国建筑工人/特种作业人员证书库,
/// rcgz.mohurd.gov.cn), which cannot be reached from here. `HTTPSNationalRegistry` speaks our
/// JSON shape over HTTPS, which `Tools/RegistrySimulator` serves; the real adapter's shape is in
/// docs/CERTIFICATES.md ("The national registry").
public protocol NationalRegistry: Sendable {
    /// Sends one record and reads the registry's verdict; never throws: no verdict is `.retry`.
    func push(_ record: RegistryRecord) async -> PushOutcome
}

/// `POST <path>` with the record as JSON, over HTTPS with our OpenSSL TLS (mutual when a client
/// certificate is configured). Any 2xx `accepted`/`duplicate` is accepted, `rejected` is final,
/// everything else (timeouts, 5xx, connection failures, an unreadable answer) is a retry.
public struct HTTPSNationalRegistry: NationalRegistry {
    let client: HTTPSClient
    let host: String
    let port: Int
    let path: String
    let timeout: TimeAmount

    /// - Parameter url: `https://host:port/path`.
    /// - Throws: when `url` is not an https URL with a host.
    public init(url: String, tls: TLSContext, timeout: Duration) throws {
        guard let parts = URLComponents(string: url), parts.scheme == "https", let host = parts.host, !host.isEmpty else {
            throw RegistryConfigurationError(url: url)
        }
        self.host = host
        self.port = parts.port ?? 443
        self.path = parts.path.isEmpty ? "/" : parts.path
        self.client = HTTPSClient(tls: tls)
        self.timeout = TimeAmount(timeout)
    }

    public func push(_ record: RegistryRecord) async -> PushOutcome {
        do {
            let body = try JSONEncoder().encode(record)
            let answer = try await client.send(HTTPSMessage(method: "POST", path: path, body: Array(body)),
                                               host: host, port: port, timeout: timeout)
            let decoded = try? JSONDecoder().decode(RegistryAnswer.self, from: Data(answer.body))
            return PushOutcome.from(status: answer.status, answer: decoded)
        } catch HTTPSError.timedOut {
            return .retry(error: "全国库无应答（超时）")
        } catch {
            return .retry(error: "无法连接全国库：\(error)")
        }
    }
}

/// REGISTRY_URL is not an https URL.
public struct RegistryConfigurationError: Error, CustomStringConvertible {
    public let url: String
    public var description: String { "REGISTRY_URL: \(url) is not an https://host[:port]/path URL" }
}
