import Foundation
import KnapRender

/// A fixture vault copied to a temp folder, and a place to render it.
struct RenderFixture {
    let vault: String
    let output: String
    let temp: String

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/Vaults").path

    static let support = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path

    /// Copies `Tests/Fixtures/Vaults/<name>` (or any folder given by absolute path) to a new temp folder.
    init(_ name: String) throws {
        let source = name.hasPrefix("/") ? name : Self.fixtures + "/" + name
        temp = FileManager.default.temporaryDirectory.appendingPathComponent("knap-render-\(UUID().uuidString)").path
        vault = temp + "/vault"
        output = temp + "/site"
        try FileManager.default.createDirectory(atPath: temp, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: source, toPath: vault)
    }

    @discardableResult
    func render(_ options: RenderOptions = RenderOptions()) throws -> RenderReport {
        try SiteRenderer(vault: vault, output: output, options: options).render()
    }

    func page(_ relative: String) throws -> String {
        try String(contentsOfFile: output + "/" + relative, encoding: .utf8)
    }

    /// Every file under the output folder, relative to it, sorted.
    func outputFiles() -> [String] {
        let files = FileManager.default.enumerator(atPath: output)?.compactMap { $0 as? String } ?? []
        return files.filter { path in
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: output + "/" + path, isDirectory: &isFolder)
            return !isFolder.boolValue
        }.sorted()
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: temp)
    }
}

/// Outside tools the tests use when they are there.
enum Tools {
    /// The first of `names` found on PATH.
    static func find(_ names: String...) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in names {
            for folder in path.split(separator: ":") {
                let candidate = folder + "/" + name
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    static let chromium = find("chromium", "chromium-browser", "google-chrome")
    /// The first `python3` that has html5lib: the one on PATH, else Debian's, which has
    /// `python3-html5lib` where a version manager's interpreter (pyenv) comes first on PATH.
    static let python3: String? = [find("python3"), "/usr/bin/python3"].compactMap { $0 }.first { candidate in
        (try? run(candidate, ["-c", "import html5lib"]))?.status == 0
    }

    static var hasHTML5Lib: Bool { python3 != nil }

    struct Output { var status: Int32; var stdout: String }

    /// Runs a tool and returns its status and standard output (standard error is dropped, so
    /// only one pipe is read and a chatty tool cannot block on a full pipe).
    static func run(_ executable: String, _ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self))
    }
}
