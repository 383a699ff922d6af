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
        .library(name: "KnapRender", targets: ["KnapRender"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-syntax", from: "602.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // libcmark, the CommonMark reference parser. Debian: `apt-get install libcmark-dev`.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
        ),
        // mimalloc, linked into the `knap` executable so that it replaces malloc for the whole
        // process: a parse allocates once per node, and glibc's malloc was a third of the time.
        // Debian: `apt-get install libmimalloc-dev`.
        .systemLibrary(
            name: "CMimalloc",
            providers: [.apt(["libmimalloc-dev"]), .brew(["mimalloc"])]
        ),
        .target(
            name: "KnapMarkdown",
            dependencies: ["CCmark", .product(name: "Yams", package: "Yams")]
        ),
        // sqlite3_db_config, which is variadic, for the index's connection options. Debian: libsqlite3-dev.
        .target(name: "CKnapSQLite", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(
            name: "KnapVault",
            dependencies: [
                "KnapMarkdown",
                "CKnapSQLite",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, to bind values without boxing them on the hot inserts (RowWriter).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "SwiftSyntax", package: "swift-syntax"),
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
                .product(name: "Yams", package: "Yams"),
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "SwiftSyntax", package: "swift-syntax"),
            ]
        ),
        // FoundationXML (SVG attachments are parsed to be sanitised) links libxml2: Debian `libxml2-dev`,
        // which Swift's own Linux install needs too.
        .target(
            name: "KnapRender",
            dependencies: ["KnapVault", "KnapMarkdown", .product(name: "Mustache", package: "swift-mustache")]
        ),
        .executableTarget(
            name: "knap",
            dependencies: [
                "KnapMarkdown",
                "KnapVault",
                "KnapVerify",
                "KnapRender",
                "CMimalloc",
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
            name: "KnapRenderTests",
            dependencies: ["KnapRender", "KnapVault", "KnapMarkdown"],
            exclude: ["Snapshots", "Support/check_html.py"]
        ),
        .testTarget(
            name: "KnapCLITests",
            dependencies: ["knap"]
        ),
    ]
)
