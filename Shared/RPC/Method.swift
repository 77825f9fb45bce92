import Proto

/// A method's name and request/response types, generated from `proto/` for each rpc.
public struct RPCMethodDescriptor<Request: ProtoMessage, Response: ProtoMessage>: Sendable {
    /// "package.Service/Method".
    public let name: String
    /// The proto says `idempotency_level = IDEMPOTENT` or `NO_SIDE_EFFECTS`: the client may retry it.
    public let idempotent: Bool

    public init(_ name: String, idempotent: Bool) {
        self.name = name
        self.idempotent = idempotent
    }
}

/// One server method with its request decoding and response encoding, as the server routes it.
public struct RPCMethod: Sendable {
    public let name: String
    @usableFromInline
    let handle: @Sendable ([UInt8], CallContext) async throws -> [UInt8]

    /// Wraps a typed handler. A request that does not decode fails with INVALID_ARGUMENT.
    @inlinable
    public init<Request, Response>(
        _ descriptor: RPCMethodDescriptor<Request, Response>,
        handler: @escaping @Sendable (Request, CallContext) async throws -> Response
    ) {
        self.name = descriptor.name
        self.handle = { payload, context in
            try await handler(Request(protobuf: payload), context).serializedBytes()
        }
    }
}

/// Something that serves methods; generated `…Service` protocols refine it.
public protocol RPCService: Sendable {
    var methods: [RPCMethod] { get }
}
