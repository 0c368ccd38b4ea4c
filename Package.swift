// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "hookgate",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "hookgate", targets: ["hookgate"])
  ],
  dependencies: [
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
    .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CHiredis", pkgConfig: "hiredis",
      providers: [.apt(["libhiredis-dev"])]),
    .systemLibrary(
      name: "COpenSSL", pkgConfig: "openssl",
      providers: [.apt(["libssl-dev"])]),
    .systemLibrary(
      name: "CCurl", pkgConfig: "libcurl",
      providers: [.apt(["libcurl4-openssl-dev"])]),
    // The gateway's malloc: see Sources/hookgate/Allocator.swift.
    .systemLibrary(
      name: "CJemalloc", pkgConfig: "jemalloc",
      providers: [.apt(["libjemalloc-dev"])]),

    // Pure logic: configuration, verification, normalization, routing, retry policy.
    // Depends on libssl only for its hash functions; does no I/O.
    .target(
      name: "HookgateCore",
      dependencies: [
        "COpenSSL",
        .product(name: "Yams", package: "Yams"),
      ]),
    .target(
      name: "HookgateRedis",
      dependencies: [
        "CHiredis", "HookgateCore",
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
      ]),
    .target(
      name: "HookgateDelivery",
      dependencies: [
        "CCurl", "COpenSSL", "HookgateCore", "HookgateRedis",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Metrics", package: "swift-metrics"),
      ]),
    .target(
      name: "HookgateServer",
      dependencies: [
        "HookgateCore", "HookgateRedis", "HookgateDelivery",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
        .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "Prometheus", package: "swift-prometheus"),
      ],
      resources: [.copy("Resources/admin")]),
    .executableTarget(
      name: "hookgate",
      dependencies: [
        "CJemalloc", "HookgateCore", "HookgateServer",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .testTarget(
      name: "HookgateCoreTests",
      dependencies: ["HookgateCore"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "HookgateIntegrationTests",
      dependencies: [
        "HookgateCore", "HookgateRedis", "HookgateDelivery", "HookgateServer",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "Yams", package: "Yams"),
      ]),
  ]
)
