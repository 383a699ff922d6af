import Foundation
import Testing
@testable import KnapMarkdown

/// The 655 examples of the CommonMark spec: Knap's strict mode must print
/// exactly what libcmark's own `cmark` renders for the same input (not the
/// spec's HTML: libcmark 0.30 implements spec 0.30, the file is 0.31.2).
@Suite struct CommonMarkConformanceTests {
    static let examples: [String] = {
        guard let spec = try? Fixtures.text("CommonMark/spec.txt") else { return [] }
        let fence = String(repeating: "`", count: 32)
        var examples: [String] = []
        var current: [Substring]?
        var inMarkdown = false
        for line in spec.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == fence + " example" {
                current = []
                inMarkdown = true
            } else if inMarkdown, line == "." {
                inMarkdown = false
                examples.append(current.map { $0.map { $0 + "\n" }.joined() } ?? "")
                current = nil
            } else if inMarkdown {
                current?.append(line)
            }
        }
        return examples.map { $0.replacingOccurrences(of: "→", with: "\t") }
    }()

    @Test func specHas655Examples() {
        #expect(Self.examples.count == 655)
    }

    @Test func strictModeIsByteIdenticalToTheCmarkCLI() throws {
        let cmark = try #require(Self.which("cmark"), "the cmark CLI is needed: apt-get install cmark")
        var mismatches: [Int] = []
        for (index, example) in Self.examples.enumerated() {
            let ours = CommonMark.renderHTML(example)
            let theirs = try Self.run(cmark, input: example)
            if ours != theirs { mismatches.append(index + 1) }
        }
        #expect(mismatches.isEmpty, "examples differing from cmark: \(mismatches)")
    }

    /// Every word cmark's own rendering shows is in the Obsidian-mode rendering too.
    @Test func obsidianModeParsesEveryExampleWithoutLosingText() {
        var losing: [Int] = []
        // An example opening with `---` starts with frontmatter in Obsidian mode: its text is data, not body.
        for (index, example) in Self.examples.enumerated() where !example.hasPrefix("---\n") {
            let note = NoteParser.parse(example, path: "spec.md")
            let ours = Self.words(HTMLRenderer.render(note.document))
            if !Self.words(CommonMark.renderHTML(example)).isSubset(of: ours) { losing.append(index + 1) }
        }
        #expect(losing.isEmpty, "examples whose text the Obsidian mode loses: \(losing)")
    }

    /// The words (runs of letters and digits) of HTML's text, tags left out.
    static func words(_ html: String) -> Set<String> {
        let text = html.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        return Set(text.split { !$0.isLetter && !$0.isNumber }.map(String.init))
    }

    static func which(_ name: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static func run(_ executable: String, arguments: [String] = [], input: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
