import Foundation

/// Runs the built `knap` executable, as a user would.
enum KnapBinary {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fixtures = packageRoot.appendingPathComponent("Tests/Fixtures/Vaults")

    /// The `knap` next to the test bundle (the same build), else `.build/debug/knap`.
    static var path: String {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("knap").path,
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("knap").path,
            packageRoot.appendingPathComponent(".build/debug/knap").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[2]
    }

    struct Result {
        var status: Int32
        var signalled: Bool
        var stdout: String
        var stderr: String
    }

    /// Starts `knap arguments…` in `directory`; call ``finish(_:)`` to wait for it. With `addressSpace`
    /// (bytes), `knap` runs under that `RLIMIT_AS` (through `prlimit`), so that a run that would take
    /// the machine's memory fails instead.
    static func start(_ arguments: [String], in directory: String, environment: [String: String] = [:],
                      addressSpace: Int? = nil) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        if let addressSpace {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
            process.arguments = ["--as=\(addressSpace)", "--", path] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    static func finish(_ started: (Process, Pipe, Pipe)) -> Result {
        let (process, out, err) = started
        // Read both pipes to the end before waiting, so a full pipe cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                      stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:],
                    addressSpace: Int? = nil) throws -> Result {
        finish(try start(arguments, in: directory, environment: environment, addressSpace: addressSpace))
    }

    /// A fresh temporary copy of a fixture vault.
    static func copy(_ scenario: String) throws -> String {
        let destination = FileManager.default.temporaryDirectory.appendingPathComponent("knap-cli-\(scenario)-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent(scenario), to: destination)
        return destination.path
    }

    /// A temporary vault of `count` generated notes that link to each other (some links broken).
    static func generated(_ count: Int) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("knap-gen-\(UUID().uuidString)")
        // An Obsidian vault, as a user's would be: commands run in it find it without saying so.
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".obsidian"), withIntermediateDirectories: true)
        for number in 0..<count {
            let folder = root.appendingPathComponent("f\(number % 7)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let text = """
                ---
                tags: [gen/t\(number % 5)]
                aliases: [Alias \(number)]
                ---
                # Note \(number)

                Links to [[Note \((number + 1) % count)]] and [[Note \((number * 7) % count)#Note \((number * 7) % count)]]
                and [[Missing \(number % 3)]].

                ## Section

                Some words about topic\(number % 11) and more text. ^b\(number)

                """
            try Data(text.utf8).write(to: folder.appendingPathComponent("Note \(number).md"))
        }
        return root.path
    }
}

extension KnapBinary {
    /// Runs `knap arguments…` in the current directory.
    static func run(_ arguments: [String]) throws -> Result {
        try run(arguments, in: FileManager.default.currentDirectoryPath)
    }
}

enum TestPaths {
    static let fixtures = KnapBinary.packageRoot.appendingPathComponent("Tests/Fixtures")
    static let seed = fixtures.appendingPathComponent("Notes/Python - Multiprocessing (seed).md").path

    /// A fresh temporary folder, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("knap-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
