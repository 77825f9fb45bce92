import CertificatesDomain
import CommonRules
import OpenSSLCrypto
import Proto
import RPC
import ServiceHost
import Storage

extension CertificatesService {
    /// CE-7, B-4: the public lookup, without a session. Every question is logged with its address
    /// and result. After `LookupLimits.challengeAfterMisses` misses from one address within the
    /// window, each lookup must first answer a challenge; an ID number asked more than
    /// `perIDNumber` times within the window is refused. Not found and a name that does not match
    /// answer alike.
    public func lookupPublic(_ request: Certificates_V1_PublicLookupRequest,
                             context: CallContext) async throws -> Certificates_V1_PublicLookupResponse {
        let query = try LookupQuery(number: request.number, idNumber: request.idNumber, name: request.name)
        let ip = context.clientIP ?? "unknown"
        let limits = lookupLimits
        var idKey = ""
        if case .person(let idNumber, _) = query {
            idKey = Crypto.hex(Crypto.hmacSHA256(key: lookupKey, message: Array(idNumber.utf8)))
        }
        let key = idKey
        let challengeID = request.challengeID, challengeAnswer = request.challengeAnswer.trimmingSpaces
        let today = Self.today
        let (outcome, rows, image, challenge) = try await transaction(context) { tx -> (LookupOutcome, [Certificates_V1_PublicCertificate], LookupChallengeImage?, String?) in
            if try LookupStore.misses(ip: ip, window: limits.window, tx) >= limits.challengeAfterMisses {
                let answered = !challengeID.isEmpty
                let passed = try answered && LookupStore.answer(challenge: challengeID, ip: ip, answer: challengeAnswer, tx)
                if !passed {
                    let outcome: LookupOutcome = answered ? .challengeFailed : .challenged
                    try LookupStore.log(ip: ip, query, idKey: key, result: outcome.rawValue, tx)
                    let fresh = LookupChallengeImage(random: Crypto.randomBytes(96))
                    return (outcome, [], fresh, try LookupStore.newChallenge(ip: ip, answer: fresh.answer, tx))
                }
            }
            if !key.isEmpty, try LookupStore.askedTimes(idKey: key, window: limits.window, tx) >= limits.perIDNumber {
                try LookupStore.log(ip: ip, query, idKey: key, result: LookupOutcome.limited.rawValue, tx)
                return (.limited, [], nil, nil)
            }
            let found = try LookupStore.find(query, tx).map { try Self.publicCertificate($0, today: today) }
            try LookupStore.log(ip: ip, query, idKey: key, result: (found.isEmpty ? LookupOutcome.notFound : .found).rawValue, tx)
            return (found.isEmpty ? .notFound : .found, found, nil, nil)
        }
        var response = Certificates_V1_PublicLookupResponse()
        switch outcome {
        case .limited: throw RPCError(.resourceExhausted, "该身份证号码的查询次数过多，请一小时后再试")
        case .challenged, .challengeFailed:
            response.challengeRequired = true
            response.challengeFailed = outcome == .challengeFailed
            var shown = Certificates_V1_LookupChallenge()
            shown.id = challenge ?? ""
            shown.svg = image?.svg ?? ""
            response.challenge = shown
        case .found, .notFound:
            response.found = !rows.isEmpty
            response.certificates = rows
        }
        return response
    }

    /// B-4: the lookup log, newest first; the province's alone.
    public func listLookupLog(_ request: Certificates_V1_LookupLogRequest, context: CallContext) async throws -> Certificates_V1_LookupLogResponse {
        let (_, orgID) = try Self.orgCaller(context, anyOf: Permission.certificateManage)
        try await requireProvince(orgID, context, "查询日志由省级主管部门查看")
        let window = try PageWindow(request.page)
        _ = try Self.day(request.fromDay, field: "fromDay")
        _ = try Self.day(request.toDay, field: "toDay")
        let ip = request.ip.trimmingSpaces, result = LookupOutcome(request.result)?.rawValue ?? ""
        let (fromDay, toDay) = (request.fromDay, request.toDay)
        let page = try await transaction(context) { tx in
            try LookupStore.list(window, ip: ip, result: result, fromDay: fromDay, toDay: toDay, tx)
        }
        var response = Certificates_V1_LookupLogResponse()
        response.entries = page.items
        response.page = page.info
        return response
    }

    /// What the public sees of a certificate row: the holder's name and ID number masked.
    static func publicCertificate(_ row: Row, today: CivilDate) throws -> Certificates_V1_PublicCertificate {
        var item = Certificates_V1_PublicCertificate()
        item.number = try row.decode("number")
        item.holderName = Masking.name(try row.decode("holder_name"))
        item.idNumber = Masking.idNumber(try row.decode("id_number"))
        item.post = try row.decode("post")
        item.postName = try row.decode("post_name")
        item.level = try row.decode("level")
        item.issuerName = try row.decode("issuer_name")
        item.issuedOn = try row.decode("issued_on")
        item.validUntil = try row.decode("valid_until")
        let state = CertificateState(rawValue: try row.decode("state")) ?? .valid
        if let issued = CivilDate(item.issuedOn), let until = CivilDate(item.validUntil) {
            item.status = Validity(issuedOn: issued, validUntil: until).status(state, today: today).proto
        }
        return item
    }
}
