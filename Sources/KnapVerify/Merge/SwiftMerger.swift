import Foundation

/// Turns many Swift snippets into one program: each snippet becomes a function of its own (so
/// names never clash), imports are hoisted, and `main` calls the snippet named by the
/// `KNAP_SNIPPET` environment variable. A process the snippet starts from its own binary
/// (`CommandLine.arguments[0]`, `/proc/self/exe`) inherits the variable and so comes back into
/// the same snippet.
///
/// Snippets that need file scope (extensions, protocols, operators, `@main`, access modifiers,
/// top-level `await`) cannot be wrapped and take the standalone path.
public enum SwiftMerger {
    public static let selector = "KNAP_SNIPPET"

    /// Why a snippet cannot be merged, or nil when it can.
    public static func unmergeableReason(_ snippet: Snippet) -> String? {
        if snippet.files.count != 1 { return "a multi-file program" }
        if snippet.attributes.compileFail || snippet.attributes.noRun { return "compile-only" }
        let fileScope = ["extension ", "protocol ", "precedencegroup ", "prefix operator", "infix operator", "postfix operator",
                         "@main", "@globalActor", "actor ", "public ", "private ", "fileprivate ", "internal ", "open ",
                         "macro ", "#sourceLocation", "@_", "nonisolated ", "distributed "]
        for line in snippet.files[0].code.split(separator: "\n") {
            let text = line.drop { $0 == " " || $0 == "\t" }
            if text.hasPrefix("//") { continue }
            for keyword in fileScope where text.hasPrefix(keyword) { return "`\(keyword.trimmingCharacters(in: .whitespaces))` needs file scope" }
            if text.contains("await ") || text.contains("async let ") { return "async top-level code" }
        }
        return nil
    }

    /// One merged source, and for each of its lines the snippet it came from.
    public struct Program: Sendable {
        public var source: String
        /// `owners[line - 1]`: the index (into the merged snippets) whose code is on that line.
        public var owners: [Int?]
    }

    /// `import X`, also with attributes (`@preconcurrency import Glibc`), alone on its line.
    static func isImport(_ line: String) -> Bool {
        guard !line.contains(";") else { return false }
        var words = line.split(separator: " ", omittingEmptySubsequences: true)[...]
        while let first = words.first, first.hasPrefix("@") { words = words.dropFirst() }
        return words.first == "import" && words.count >= 2
    }

    public static func program(_ snippets: [Snippet]) -> Program {
        var imports: [String] = []
        var body: [String] = []
        var bodyOwners: [Int?] = []
        for (index, snippet) in snippets.enumerated() {
            body.append("// \(snippet.path):\(snippet.line)")
            bodyOwners.append(nil)
            body.append("func __knapSnippet\(index)() throws {")
            bodyOwners.append(index)
            for line in SnippetExtractor.lines(of: snippet.files[0].code) {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if isImport(trimmed) {
                    if !imports.contains(trimmed) { imports.append(trimmed) }
                    body.append("")
                } else {
                    body.append(line)
                }
                bodyOwners.append(index)
            }
            body.append("}")
            bodyOwners.append(index)
        }
        var lines = imports
        var owners = [Int?](repeating: nil, count: imports.count)
        lines.append("@_silgen_name(\"getenv\") func __knapGetenv(_ name: UnsafePointer<CChar>) -> UnsafeMutablePointer<CChar>?")
        lines.append("@_silgen_name(\"exit\") func __knapExit(_ status: Int32) -> Never")
        owners += [nil, nil]
        lines += body
        owners += bodyOwners
        lines.append("switch __knapGetenv(\"\(selector)\").map({ String(cString: $0) }) {")
        for index in snippets.indices {
            lines.append("case \"\(index)\"?: do { try __knapSnippet\(index)() } catch { fatalError(\"Error raised at top level: \\(String(reflecting: error))\") }")
        }
        lines.append("default: __knapExit(64)")
        lines.append("}")
        owners += [Int?](repeating: nil, count: lines.count - owners.count)
        return Program(source: lines.joined(separator: "\n") + "\n", owners: owners)
    }
}
