// swift-tools-version: 6.0
import PackageDescription

/// The five RPC services share one shape (STYLE.md): an executable with its SQL migrations.
let rpcServices = ["Identity", "Enrollment", "Classes", "Assessment", "Certificates"]
/// Services whose handlers are written: a library `<Name>Service` (Domain excluded, its own
/// target) that tests run in-process, and a thin executable of `main.swift` alone.
let implementedServices: Set = ["Identity", "Enrollment", "Classes", "Assessment", "Certificates"]
/// What a service library needs beyond the common set.
let serviceExtras: [String: [Target.Dependency]] = ["Classes": ["Imaging"], "Assessment": ["Spreadsheet"], "Certificates": ["HTTPS", "QRCode", "CHaru", "CFreeType", "Spreadsheet"]]

let package = Package(
    name: "TrainingCertification",
    platforms: [.macOS(.v15)],
    products: rpcServices.map { .executable(name: $0.lowercased(), targets: [$0]) } + [
        .executable(name: "gateway", targets: ["Gateway"]),
        .executable(name: "protoc-gen-pbcswift", targets: ["ProtoGen"]),
        .executable(name: "rpc-bench", targets: ["RPCBench"]),
        .executable(name: "json-bench", targets: ["JSONBench"]),
        .executable(name: "cert-verify", targets: ["CertVerify"]),
        .executable(name: "registry-simulator", targets: ["RegistrySimulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    ],
    targets: rpcServices.flatMap { name -> [Target] in
        guard implementedServices.contains(name) else {
            return [.executableTarget(name: name, dependencies: ["ServiceHost"], path: "Services/\(name)",
                                      resources: [.copy("Store/Migrations")])]
        }
        return [
            .target(name: name + "Service", dependencies: [.target(name: name + "Domain"), "CommonRules", "ServiceHost", "OpenSSLCrypto"]
                        + (serviceExtras[name] ?? []),
                    path: "Services/\(name)", exclude: ["Domain", "main.swift"], resources: [.copy("Store/Migrations")]),
            .executableTarget(name: name, dependencies: [.target(name: name + "Service")],
                              path: "Services/\(name)", sources: ["main.swift"]),
        ]
    } + [
        // Pure rules: the compiler keeps them free of NIO, libpq and proto. What several services'
        // rules share (masking, the Asia/Shanghai calendar, file types, divisions, permission
        // names) is CommonRules; no service's domain imports another's.
        .target(name: "CommonRules", path: "Shared/CommonRules"),
        .target(name: "IdentityDomain", dependencies: ["CommonRules"], path: "Services/Identity/Domain"),
        .target(name: "EnrollmentDomain", dependencies: ["CommonRules"], path: "Services/Enrollment/Domain"),
        .target(name: "ClassesDomain", dependencies: ["CommonRules"], path: "Services/Classes/Domain"),
        .target(name: "AssessmentDomain", dependencies: ["CommonRules"], path: "Services/Assessment/Domain"),
        .target(name: "CertificatesDomain", dependencies: ["CommonRules"], path: "Services/Certificates/Domain"),
        // C libraries (DESIGN.md: systemLibrary + pkg-config + apt providers, one shim each).
        .systemLibrary(name: "CProtobufC", path: "Shared/CProtobufC", pkgConfig: "libprotobuf-c",
                       providers: [.apt(["libprotobuf-c-dev"])]),
        .systemLibrary(name: "COpenSSL", path: "Shared/COpenSSL", pkgConfig: "openssl",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLibPQ", path: "Shared/CLibPQ", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CZlib", path: "Shared/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CQREncode", path: "Shared/CQREncode", pkgConfig: "libqrencode",
                       providers: [.apt(["libqrencode-dev"])]),
        // libharu has no pkg-config file in Debian: the module map links -lhpdf.
        .systemLibrary(name: "CHaru", path: "Shared/CHaru", providers: [.apt(["libhpdf-dev"])]),
        // FreeType reads the CJK font's glyph outlines, which the PDF draws as paths (libharu 2.3's
        // TrueType subsetting drops composite glyphs; docs/CERTIFICATES.md, "Printing").
        .systemLibrary(name: "CFreeType", path: "Shared/CFreeType", pkgConfig: "freetype2", providers: [.apt(["libfreetype-dev"])]),
        // QR codes over libqrencode: SVG for pages, modules for the PDF e-certificate.
        .target(name: "QRCode", dependencies: ["CQREncode"], path: "Shared/QRCode"),
        .systemLibrary(name: "CXLSXWriter", path: "Shared/CXLSXWriter", pkgConfig: "xlsxwriter",
                       providers: [.apt(["libxlsxwriter-dev"])]),
        // CSV (UTF-8 or GBK through iconv) and XLSX (our reader; libxlsxwriter writes) for imports
        // and templates (AS-3, CE-3).
        .target(name: "Spreadsheet", dependencies: ["CZlib", "CXLSXWriter"], path: "Shared/Spreadsheet"),
        // libjpeg (libjpeg62-turbo-dev) reports errors by longjmp, which Swift cannot catch:
        // our small C wrapper decodes and encodes and returns error codes.
        .target(name: "CJPEGGray", path: "Shared/CJPEGGray", linkerSettings: [.linkedLibrary("jpeg")]),
        // Grayscale decoding and the perceptual hash of sign-in photos (B-2).
        .target(name: "Imaging", dependencies: ["CJPEGGray"], path: "Shared/Imaging"),

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
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], path: "Shared/RPC"),

        // HTTPS/1.1 over the same OpenSSL TLS, for exchanges with outside systems (B-3).
        .target(name: "HTTPS", dependencies: [
            "RPC",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ], path: "Shared/HTTPS"),

        // OpenSSL hashing and randomness.
        .target(name: "OpenSSLCrypto", dependencies: ["COpenSSL"], path: "Shared/OpenSSLCrypto"),

        // libpq pool on a thread pool, transactions, migrations.
        .target(name: "Storage", dependencies: [
            "CLibPQ", "OpenSSLCrypto",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ], path: "Shared/Storage"),

        // What every service executable shares: config, logs, metrics, health, lifecycle.
        .target(name: "ServiceHost", dependencies: [
            "RPC", "ProtoServices", "Storage", "CommonRules",
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], path: "Shared/ServiceHost", resources: [.copy("Migrations")]),

        // The gateway: routes and middleware in a library the tests drive, main.swift alone in
        // the executable. Web/ holds the front-end files it serves (docs/CONSOLE.md); zlib
        // compresses them.
        .target(name: "GatewayApp", dependencies: [
            "ServiceHost", "RPC", "ProtoServices", "OpenSSLCrypto", "CZlib", "QRCode",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ], path: "Services/Gateway", exclude: ["main.swift"], resources: [.copy("Web")]),
        .executableTarget(name: "Gateway", dependencies: ["GatewayApp"], path: "Services/Gateway", sources: ["main.swift"]),

        .target(name: "RPCTestSupport", dependencies: ["RPC", "ProtoServices", "Storage"], path: "Tools/RPCTestSupport"),
        .executableTarget(name: "RPCBench", dependencies: [
            "RPC", "ProtoServices", "RPCTestSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], path: "Tools/RPCBench"),
        // JSONEncoder against the generated writeJSON on the gateway's /api/v1/me answer.
        .executableTarget(name: "JSONBench", dependencies: ["Proto"], path: "Tools/JSONBench"),
        // B-1: the offline verifier of certificate QR codes.
        // B-3: the national registry's stand-in (HTTPS + JSON, idempotent, with faults).
        .executableTarget(name: "RegistrySimulator", dependencies: [
            "HTTPS", "CertificatesDomain", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Tools/RegistrySimulator"),
        .executableTarget(name: "CertVerify", dependencies: ["CertificatesDomain", "OpenSSLCrypto"], path: "Tools/CertVerify"),

        .testTarget(name: "OpenSSLCryptoTests", dependencies: ["OpenSSLCrypto"], path: "Tests/OpenSSLCryptoTests"),
        .testTarget(name: "CommonRulesTests", dependencies: ["CommonRules"], path: "Tests/CommonRulesTests"),
        .testTarget(name: "IdentityDomainTests", dependencies: ["IdentityDomain", "CommonRules"], path: "Tests/IdentityDomainTests"),
        .testTarget(name: "ClassesDomainTests", dependencies: ["ClassesDomain", "CommonRules", "OpenSSLCrypto", "Imaging"],
                    path: "Tests/ClassesDomainTests"),
        .testTarget(name: "AssessmentDomainTests", dependencies: ["AssessmentDomain", "CommonRules", "Spreadsheet"],
                    path: "Tests/AssessmentDomainTests", resources: [.copy("Fixtures")]),
        .testTarget(name: "CertificatesDomainTests", dependencies: ["CertificatesDomain", "CommonRules"],
                    path: "Tests/CertificatesDomainTests"),
        .testTarget(name: "EnrollmentDomainTests", dependencies: ["EnrollmentDomain", "CommonRules"], path: "Tests/EnrollmentDomainTests"),
        .testTarget(name: "ProtoTests", dependencies: ["Proto", "RPCTestSupport"], path: "Tests/ProtoTests"),
        .testTarget(name: "RPCTests", dependencies: [
            "RPC", "ProtoServices", "RPCTestSupport",
            .product(name: "NIOTestUtils", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            .product(name: "InMemoryLogging", package: "swift-log"),
            .product(name: "MetricsTestKit", package: "swift-metrics"),
        ], path: "Tests/RPCTests"),
        .testTarget(name: "ServiceHostTests", dependencies: [
            "ServiceHost", "RPC", "ProtoServices", "Storage", "RPCTestSupport",
            .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
        ], path: "Tests/ServiceHostTests"),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "ServiceHost", "RPCTestSupport"], path: "Tests/StorageTests"),
        .testTarget(name: "StackTests", dependencies: [
            "IdentityService", "IdentityDomain", "CommonRules", "EnrollmentService", "ClassesService", "ClassesDomain", "Imaging", "AssessmentService", "AssessmentDomain", "CertificatesService", "CertificatesDomain", "Spreadsheet", "GatewayApp", "RPCTestSupport", "OpenSSLCrypto", "HTTPS",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "InMemoryLogging", package: "swift-log"),
        ], path: "Tests/StackTests"),
    ]
)
