// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "relance",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "relance-api", targets: ["relance-api"]),
        .executable(name: "relance-scheduler", targets: ["relance-scheduler"]),
        .executable(name: "relance-worker", targets: ["relance-worker"]),
        .executable(name: "relance", targets: ["relance"]),
        .executable(name: "relance-bench", targets: ["relance-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // Already in the graph through Hummingbird's test client (swift-certificates).
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        // Already in the graph through Hummingbird's test client; TLS for the SMTP client.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(
            name: "Postgres",
            dependencies: [
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // An SMTP client and MIME message builder over swift-nio; knows nothing of Relance.
        .target(
            name: "SMTP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The domain: pure Swift, no dependency but the standard library and Foundation.
        // Hashing (SHA-256 checksums, HMAC-SHA256, API-key digests, constant-time compares)
        // is pure too, but every use is at the store or above, so it lives in
        // RelanceStore/Crypto over swift-crypto and Core does not build BoringSSL.
        .target(name: "RelanceCore", swiftSettings: swiftSettings),
        // A QR code encoder (ISO/IEC 18004, byte mode): pure Swift, knows nothing of Relance.
        .target(name: "QRCode", swiftSettings: swiftSettings),
        .target(
            name: "RelanceStore",
            dependencies: [
                "Postgres", "RelanceCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RelanceAPI",
            dependencies: [
                "RelanceStore", "RelanceCore", "Postgres", "SMTP", "QRCode",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RelanceJobs",
            dependencies: [
                "RelanceStore", "RelanceCore", "Postgres", "SMTP",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // The webhook client: HTTP/1.1 over TLS, connecting to the address it checked.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "relance-api",
            dependencies: ["RelanceAPI", "RelanceStore"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "relance-scheduler",
            dependencies: ["RelanceAPI", "RelanceJobs", "RelanceStore"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "relance-worker",
            dependencies: ["RelanceAPI", "RelanceJobs", "RelanceStore", "SMTP", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "relance",
            dependencies: ["RelanceAPI"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "relance-bench",
            dependencies: ["Postgres", "RelanceStore", "RelanceCore", "RelanceJobs", "SMTP", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RelanceTestSupport",
            dependencies: ["Postgres", "RelanceStore"],
            path: "Tests/RelanceTestSupport",
            exclude: ["SMTP/smtp_peer.py"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "RelanceTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SMTPTests",
            dependencies: [
                "SMTP", "RelanceTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "RelanceCoreTests", dependencies: ["RelanceCore"], swiftSettings: swiftSettings),
        .testTarget(name: "QRCodeTests", dependencies: ["QRCode", "RelanceTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "RelanceStoreTests",
            dependencies: [
                "RelanceStore", "RelanceCore", "Postgres", "RelanceTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RelanceAPITests",
            dependencies: [
                "RelanceAPI", "RelanceJobs", "RelanceTestSupport", "SMTP", "QRCode",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                // The webhook tests' HTTPS receiver.
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RelanceJobsTests",
            dependencies: [
                "RelanceJobs", "RelanceStore", "RelanceCore", "Postgres", "RelanceTestSupport", "SMTP",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
