/// B-3: what is sent to the national registry for one change of one certificate, and its answer.
/// The JSON shape (docs/CERTIFICATES.md, "The national registry") is ours: the real registry's
/// adapter maps it to whatever rcgz.mohurd.gov.cn takes. `recordID` is the outbox row
/// (`tc-<id>`): the registry keeps each record once, however often it is sent.
public struct RegistryRecord: Codable, Sendable, Equatable {
    public enum Action: String, Codable, Sendable {
        case issue, cancel, reactivate
        /// CE-5: the holder's name, ID number or employer changed (a reissue's new number is an `issue`).
        case change
        /// CE-5: voided by a reissue.
        case void

        /// The certificate's status after the action, as sent.
        public var status: String {
            switch self {
            case .cancel: "cancelled"
            case .void: "voided"
            case .issue, .reactivate, .change: "valid"
            }
        }
    }

    public var recordID: String
    public var number: String
    public var action: Action
    public var holderName: String
    public var idNumber: String
    public var post: String
    public var postName: String
    public var level: String
    public var issuer: String
    public var issuerRegion: String
    public var organisation: String
    /// `YYYY-MM-DD`.
    public var issuedOn: String
    public var validUntil: String
    /// `valid`, `cancelled` or `voided`, after the action.
    public var status: String

    public init(recordID: String, number: String, action: Action, holderName: String, idNumber: String, post: String,
                postName: String, level: String, issuer: String, issuerRegion: String, organisation: String,
                issuedOn: String, validUntil: String, status: String) {
        self.recordID = recordID
        self.number = number
        self.action = action
        self.holderName = holderName
        self.idNumber = idNumber
        self.post = post
        self.postName = postName
        self.level = level
        self.issuer = issuer
        self.issuerRegion = issuerRegion
        self.organisation = organisation
        self.issuedOn = issuedOn
        self.validUntil = validUntil
        self.status = status
    }

    enum CodingKeys: String, CodingKey {
        case recordID = "recordId", number, action, holderName, idNumber, post, postName, level, issuer, issuerRegion,
             organisation, issuedOn, validUntil, status
    }
}

/// The registry's answer body. `result` is `accepted`, `duplicate` (it already had the record:
/// as good as accepted) or `rejected` (with `reason`, final until the certificate changes).
public struct RegistryAnswer: Codable, Sendable, Equatable {
    public var result: String
    public var receipt: String?
    public var reason: String?

    public init(result: String, receipt: String? = nil, reason: String? = nil) {
        self.result = result
        self.receipt = receipt
        self.reason = reason
    }
}

/// What one push came to, for the outbox row.
public enum PushOutcome: Sendable, Equatable {
    /// The registry has the record (`accepted` or `duplicate`).
    case accepted(receipt: String)
    /// The registry refused it, with its reason: not tried again.
    case rejected(reason: String)
    /// No verdict (timeout, 5xx, connection): tried again after a backoff.
    case retry(error: String)

    /// Reads an HTTP status and body the way the registry answers (any 2xx with a result, 422 with a
    /// reason); everything else is worth a retry.
    public static func from(status: Int, answer: RegistryAnswer?) -> PushOutcome {
        switch (status, answer?.result) {
        case (200..<300, "accepted"?), (200..<300, "duplicate"?):
            return .accepted(receipt: answer?.receipt ?? "")
        case (400..<500, "rejected"?), (200..<300, "rejected"?):
            return .rejected(reason: answer?.reason.flatMap { $0.isEmpty ? nil : $0 } ?? "全国库拒收（未说明原因）")
        default:
            return .retry(error: "全国库应答 HTTP \(status)")
        }
    }
}

/// When a record that got no verdict is sent again: 2^(attempts-1) × `base`, at most `cap`.
public struct PushBackoff: Sendable, Equatable {
    public var base: Double
    public var cap: Double

    public init(base: Double = 5, cap: Double = 3600) {
        self.base = base
        self.cap = cap
    }

    /// Seconds to wait after the `attempts`-th failed try (1-based).
    public func delay(afterAttempt attempts: Int) -> Double {
        let exponent = Double(min(max(attempts - 1, 0), 30))
        return min(cap, base * pow2(exponent))
    }

    private func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        for _ in 0..<Int(exponent) { value *= 2 }
        return value
    }
}

/// After this many tries without a verdict a certificate shows 推送失败, while the tries go on.
public let pushFailedAfterAttempts = 5
