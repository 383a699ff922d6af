import Foundation
import Testing
import KnapRender

/// Whole rendered pages compared with files in `Snapshots/`.
/// Re-record them with `KNAP_RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests`, then review the diff.
@Suite("Snapshots of rendered pages")
struct SnapshotTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots").path
    static let recording = ProcessInfo.processInfo.environment["KNAP_RECORD_SNAPSHOTS"] == "1"

    @Test("pages of the site fixture, the seed note among them", arguments: [
        ("render-site", "home.html"),
        ("render-site", "folder/other-note.html"),
        ("render-site", "python-multiprocessing.html"),
        ("render-site", "index.html"),
        ("render-site", "tags/guide.html"),
        ("render-hostile", "hostile.html"),
    ])
    func page(_ vault: String, _ page: String) throws {
        let fixture = try RenderFixture(vault)
        defer { fixture.remove() }
        try fixture.render()
        let actual = try fixture.page(page)
        let file = Self.folder + "/" + vault + "--" + page.replacingOccurrences(of: "/", with: "--")
        if Self.recording {
            try FileManager.default.createDirectory(atPath: Self.folder, withIntermediateDirectories: true)
            try actual.write(toFile: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOfFile: file, encoding: .utf8) else {
            Issue.record("no snapshot at \(file); record it with KNAP_RECORD_SNAPSHOTS=1")
            return
        }
        if actual != expected {
            let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(actualLines.count, expectedLines.count)
            let got = first < actualLines.count ? String(actualLines[first]) : "<end>"
            let wanted = first < expectedLines.count ? String(expectedLines[first]) : "<end>"
            Issue.record("\(file):\(first + 1): differs\n  expected: \(wanted)\n  actual:   \(got)")
        }
    }
}
