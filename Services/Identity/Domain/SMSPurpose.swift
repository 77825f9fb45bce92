/// ID-2: what an SMS code (短信验证码) is for; raw values are the stored `sms_codes.purpose`.
public enum SMSPurpose: String, Sendable, CaseIterable {
    case bindPhone = "bind_phone"
    case login
    case resetPassword = "reset_password"
    case register

    /// Binding and registering send to the phone given in the request; login and password reset
    /// to the account's bound phone (and answer the same whether the account exists or not).
    public var sendsToGivenPhone: Bool { self == .bindPhone || self == .register }

    /// Only a signed-in caller binds a phone.
    public var needsCaller: Bool { self == .bindPhone }
}
