/// The cache key of a snippet: SHA-256 of its program (file names and code), its attributes,
/// its expected output, the effective timeout, the runner, and the toolchain version.
public enum CacheKey {
    public static func make(snippet: Snippet, runner: String, toolchain: String, timeout: Double) -> String {
        var text = "knap-verify-2\nrunner=\(runner)\ntoolchain=\(toolchain)\ntimeout=\(timeout)\n"
        text += "attributes=\(snippet.attributes.canonical)\nentry=\(snippet.entry)\n"
        for file in snippet.files { text += "file=\(file.name)\n\(file.code.utf8.count)\n\(file.code)\n" }
        text += "expected(unordered=\(snippet.expectation.unordered))=\(snippet.expectation.lines.joined(separator: "\n"))\n"
        text += snippet.plan.cacheText(line: snippet.line)
        return SHA256.hex(Array(text.utf8))
    }
}
