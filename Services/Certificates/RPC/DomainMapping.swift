import CertificatesDomain
import CommonRules
import Proto

extension CertificateState {
    var proto: Certificates_V1_CertificateState {
        switch self {
        case .valid: .valid
        case .cancelled: .cancelled
        case .voided: .voided
        }
    }
}

extension ShownStatus {
    var proto: Certificates_V1_CertificateStatus {
        switch self {
        case .valid: .valid
        case .cancelled: .cancelled
        case .expired: .expired
        case .voided: .voided
        }
    }

    init?(_ proto: Certificates_V1_CertificateStatus) {
        switch proto {
        case .valid: self = .valid
        case .cancelled: self = .cancelled
        case .expired: self = .expired
        case .voided: self = .voided
        default: return nil
        }
    }
}

extension PushState {
    var proto: Certificates_V1_PushState {
        switch self {
        case .pending: .pending
        case .pushed: .pushed
        case .failed: .failed
        }
    }

    init?(_ proto: Certificates_V1_PushState) {
        switch proto {
        case .pending: self = .pending
        case .pushed: self = .pushed
        case .failed: self = .failed
        default: return nil
        }
    }
}

extension CertificateAction {
    init?(_ proto: Certificates_V1_CertificateAction) {
        switch proto {
        case .cancel: self = .cancel
        case .reactivate: self = .reactivate
        default: return nil
        }
    }
}

extension Certificates_V1_Certificate {
    /// B-1: the signed form of this certificate (the ID number masked, as signed).
    var signedForm: SignedForm {
        SignedForm(number: number, holderName: holderName, maskedIDNumber: Masking.idNumber(idNumber), code: post, level: level,
                   issuer: String(number.dropFirst(2).prefix(4)), issuedOn: issuedOn, validUntil: validUntil)
    }
}

extension BusinessKind {
    var proto: Certificates_V1_BusinessKind {
        switch self {
        case .change: .change
        case .reissue: .reissue
        case .cancel: .cancel
        case .rename: .rename
        }
    }

    init?(_ proto: Certificates_V1_BusinessKind) {
        guard let kind = Self.allCases.first(where: { $0.proto == proto }) else { return nil }
        self = kind
    }
}

extension BusinessState {
    var proto: Certificates_V1_BusinessState {
        switch self {
        case .pending: .pending
        case .approved: .approved
        case .rejected: .rejected
        }
    }

    init?(_ proto: Certificates_V1_BusinessState) {
        guard let state = Self.allCases.first(where: { $0.proto == proto }) else { return nil }
        self = state
    }
}

extension BatchState {
    var proto: Certificates_V1_BatchState {
        switch self {
        case .draft: .draft
        case .reviewing: .reviewing
        case .approved: .approved
        case .rejected: .rejected
        }
    }

    init?(_ proto: Certificates_V1_BatchState) {
        guard let state = Self.allCases.first(where: { $0.proto == proto }) else { return nil }
        self = state
    }
}

extension CandidateVerdict {
    var proto: Certificates_V1_CandidateVerdict {
        switch self {
        case .pending: .pending
        case .passed: .passed
        case .rejected: .rejected
        }
    }

    init?(_ proto: Certificates_V1_CandidateVerdict) {
        guard let verdict = Self.allCases.first(where: { $0.proto == proto }) else { return nil }
        self = verdict
    }
}
