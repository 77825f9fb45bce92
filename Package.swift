// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "TrainingCertification",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "protoc-gen-pbcswift", targets: ["ProtoGen"]),
        .executable(name: "rpc-bench", targets: ["RPCBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        // C libraries (DESIGN.md: systemLibrary + pkg-config + apt providers, one shim each).
        .systemLibrary(name: "CProtobufC", path: "Shared/CProtobufC", pkgConfig: "libprotobuf-c",
                       providers: [.apt(["libprotobuf-c-dev"])]),
        .systemLibrary(name: "COpenSSL", path: "Shared/COpenSSL", pkgConfig: "openssl",
                       providers: [.apt(["libssl-dev"])]),

        // Generated from proto/ by scripts/generate-proto.sh: C by protoc-c, Swift by ProtoGen.
        .target(name: "ProtoC", dependencies: ["CProtobufC"], path: "Shared/Proto/C"),
        .target(name: "Proto", dependencies: ["ProtoC", "CProtobufC"], path: "Shared/Proto/Swift"),
        .target(name: "ProtoServices", dependencies: ["Proto", "RPC"], path: "Shared/Proto/Services"),
        .executableTarget(name: "ProtoGen", path: "Tools/ProtoGen"),

        // The RPC runtime: frames, envelope, OpenSSL TLS, server, client.
        .target(name: "RPC", dependencies: [
            "Proto", "COpenSSL",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], path: "Shared/RPC"),

        .target(name: "RPCTestSupport", dependencies: ["RPC", "ProtoServices"], path: "Tools/RPCTestSupport"),
        .executableTarget(name: "RPCBench", dependencies: [
            "RPC", "ProtoServices", "RPCTestSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Tools/RPCBench"),

        .testTarget(name: "ProtoTests", dependencies: ["Proto"], path: "Tests/ProtoTests"),
        .testTarget(name: "RPCTests", dependencies: [
            "RPC", "ProtoServices", "RPCTestSupport",
            .product(name: "NIOTestUtils", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            .product(name: "InMemoryLogging", package: "swift-log"),
        ], path: "Tests/RPCTests"),
    ]
)
