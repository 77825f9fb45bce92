import Storage

/// Sends a text message to a phone (ID-2). It is called inside the transaction that created
/// the code, so a message is queued exactly when its code is committed.
public protocol SMSSender: Sendable {
    func send(to phone: String, text: String, in transaction: Transaction) throws
}

/// The development sender: writes each message to the `sms_outbox` table, where the demo and
/// the tests read codes. No message leaves the machine.
///
/// The production adapter keeps this outbox and adds a relay: a background `Service` that
/// claims unsent rows (`FOR UPDATE SKIP LOCKED`), calls the provider's HTTPS API (e.g. Alibaba
/// Cloud SMS `SendSms` with a template id and the code as a parameter), and marks the row sent,
/// retrying with backoff; see docs/IDENTITY.md.
public struct OutboxSMSSender: SMSSender {
    public init() {}

    public func send(to phone: String, text: String, in transaction: Transaction) throws {
        try transaction.execute("INSERT INTO sms_outbox (phone, text) VALUES ($1, $2)", [.text(phone), .text(text)])
    }
}
