import Foundation

/// Rewrites tool output that names the snippet's temporary files so that it names the note and
/// its lines instead: `/tmp/…/main.swift:3:5: error:` becomes `notes/X.md:47:5: error:`, and
/// Python's `File "/tmp/…/main.py", line 3` becomes `File "notes/X.md", line 47`.
public struct DiagnosticMapper: Sendable {
    let directory: String
    let notePath: String
    /// File name → note line of its first line.
    let firstLines: [String: Int]

    public init(directory: String, notePath: String, files: [Snippet.File]) {
        self.directory = directory
        self.notePath = notePath
        var firstLines: [String: Int] = [:]
        for file in files { firstLines[file.name] = file.firstLine }
        self.firstLines = firstLines
    }

    public func map(_ text: String) -> String {
        var text = text
        for (name, firstLine) in firstLines.sorted(by: { $0.key.count > $1.key.count }) {
            text = replace(in: text, path: directory + "/" + name, firstLine: firstLine)
        }
        return text.replacingOccurrences(of: directory + "/", with: "")
    }

    private func replace(in text: String, path: String, firstLine: Int) -> String {
        var out = ""
        var rest = Substring(text)
        while let range = rest.range(of: path) {
            out += rest[..<range.lowerBound]
            out += notePath
            rest = rest[range.upperBound...]
            // `:LINE`, `", line LINE` or `: line LINE` follows the path.
            for lead in [":", "\", line ", ": line ", ": "] where rest.hasPrefix(lead) {
                let afterLead = rest.dropFirst(lead.count)
                let digits = afterLead.prefix { $0.isASCII && $0.isNumber }
                guard let number = Int(digits) else { continue }
                out += lead + String(firstLine + number - 1)
                rest = afterLead.dropFirst(digits.count)
                break
            }
        }
        return out + rest
    }
}
