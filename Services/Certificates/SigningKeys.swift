import CertificatesDomain
import CommonRules
import Foundation
import OpenSSLCrypto

/// B-1: the issuing authorities' keys. Each key id starts with its authority's region
/// (`3400-2026a`); an authority signs with its active key, the greatest id it holds a private key
/// for, and every key, active or retired, is published so that old certificates still verify.
/// Keys are never in git: `scripts/make-signing-keys.sh` makes them (docs/CERTIFICATES.md).
public struct SigningKeys: Sendable {
    public struct Published: Sendable, Hashable {
        public let keyID: String
        public let publicKeyDER: [UInt8]
        public let active: Bool
    }

    private let signing: [String: (id: String, key: SigningKey)]   // region → active key
    private let verifying: [String: VerifyingKey]
    public let published: [Published]

    public enum LoadError: Error, CustomStringConvertible {
        case unreadable(String, SignatureError)
        case badName(String)

        public var description: String {
            switch self {
            case .unreadable(let file, let error): "signing key \(file): \(error)"
            case .badName(let file): "signing key \(file): the name must be <region>-<name>.key.pem or .pub.pem, region 4 digits"
            }
        }
    }

    /// Private keys by id (a key id is `<region>-<name>`), and public keys of retired ones.
    public init(privateKeys: [String: SigningKey], retiredPublicKeys: [String: [UInt8]] = [:]) throws {
        var active: [String: (id: String, key: SigningKey)] = [:]
        for (id, key) in privateKeys {
            let region = String(id.prefix(4))
            if active[region].map({ $0.id < id }) ?? true { active[region] = (id, key) }
        }
        var verifying: [String: VerifyingKey] = [:]
        var published: [Published] = []
        for (id, key) in privateKeys {
            verifying[id] = try VerifyingKey(der: key.publicKeyDER)
            published.append(Published(keyID: id, publicKeyDER: key.publicKeyDER, active: active[String(id.prefix(4))]?.id == id))
        }
        for (id, der) in retiredPublicKeys where verifying[id] == nil {
            verifying[id] = try VerifyingKey(der: der)
            published.append(Published(keyID: id, publicKeyDER: der, active: false))
        }
        signing = active
        self.verifying = verifying
        self.published = published.sorted { $0.keyID < $1.keyID }
    }

    /// The keys of a directory: `<id>.key.pem` private keys, `<id>.pub.pem` retired public keys.
    public init(directory: String) throws {
        var privateKeys: [String: SigningKey] = [:]
        var retired: [String: [UInt8]] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() {
            let isPrivate = file.hasSuffix(".key.pem"), isPublic = file.hasSuffix(".pub.pem")
            guard isPrivate || isPublic else { continue }
            let id = String(file.dropLast(8))
            guard Self.isKeyID(id) else { throw LoadError.badName(file) }
            let pem = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            do {
                if isPrivate { privateKeys[id] = try SigningKey(pem: pem) } else { retired[id] = try VerifyingKey.der(pem: pem) }
            } catch { throw LoadError.unreadable(file, error) }
        }
        try self.init(privateKeys: privateKeys, retiredPublicKeys: retired)
    }

    static func isKeyID(_ id: String) -> Bool {
        let parts = id.split(separator: "-", maxSplits: 1)
        return parts.count == 2 && parts[0].count == 4 && parts[0].allSatisfy(\.isASCIIDigit) && !parts[1].isEmpty
            && id.count <= 20 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    /// Signs `forms` with the active key of the authority of `region`, spread over the machine's
    /// cores. - Throws: `CertificatesError.noSigningKey` when it has none, or a signature failure.
    public func signAll(_ forms: [SignedForm], region: String) throws -> (keyID: String, signatures: [[UInt8]]) {
        guard let (id, key) = signing[region] else { throw CertificatesError.noSigningKey(issuer: region) }
        let slots = SignatureSlots(count: forms.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, forms.count / 256 + 1))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: forms.count, by: workers) {
                slots.set(index, try? key.sign(forms[index].canonical))
            }
        }
        let signatures = slots.values
        guard signatures.allSatisfy({ $0 != nil }) else { throw SignatureError.signingFailed }
        return (id, signatures.map { $0! })
    }

    /// Whether `signature` by key `keyID` signs `form`.
    public func verify(_ form: SignedForm, keyID: String, signature: [UInt8]) -> Bool {
        verifying[keyID]?.verify(signature, form.canonical) ?? false
    }
}

/// Signatures filled in by several threads, each index by one thread only.
private final class SignatureSlots: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<[UInt8]?>
    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }
    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }
    func set(_ index: Int, _ value: [UInt8]?) { buffer[index] = value }
    var values: [[UInt8]?] { Array(buffer) }
}
