// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Knap",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "knap", targets: ["knap"]),
        .library(name: "KnapMarkdown", targets: ["KnapMarkdown"]),
        .library(name: "KnapVault", targets: ["KnapVault"]),
        .library(name: "KnapVerify", targets: ["KnapVerify"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
    ],
    targets: [
        // libcmark, the CommonMark reference parser. Debian: `apt-get install libcmark-dev`.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
        ),
        .target(
            name: "KnapMarkdown",
            dependencies: ["CCmark", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "KnapVault",
            dependencies: [
                "KnapMarkdown",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // fork/exec with setsid, rlimits and a cgroup, and prctl: async-signal-safe C, since
        // Swift cannot run code between fork and exec safely nor call variadic prctl.
        .target(name: "CKnapProcess"),
        .target(
            name: "KnapVerify",
            dependencies: [
                "KnapMarkdown",
                "KnapVault",
                "CKnapProcess",
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        .executableTarget(
            name: "knap",
            dependencies: [
                "KnapMarkdown",
                "KnapVault",
                "KnapVerify",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "KnapMarkdownTests",
            dependencies: ["KnapMarkdown"]
        ),
        .testTarget(
            name: "KnapVaultTests",
            dependencies: ["KnapVault", "KnapMarkdown"]
        ),
        .testTarget(
            name: "KnapVerifyTests",
            dependencies: ["KnapVerify", "KnapVault", "KnapMarkdown"]
        ),
        .testTarget(
            name: "KnapCLITests",
            dependencies: ["knap"]
        ),
    ]
)
