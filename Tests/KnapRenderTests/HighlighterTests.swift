import Testing
@testable import KnapRender

@Suite("Highlighting on bytes")
struct HighlighterTests {
    /// Pieces of code that exercise every rule: comments of each kind, strings with escapes and
    /// triple quotes, shell variables, numbers, keywords, escaping and control characters.
    static let pieces = ["let", "def", "if", "fi", "echo", "x", "_y", "Self", "a-b", "42", "0x1F", "3.14", "1_000", "7e",
                         "\"", "'", "\"\"\"", "'''", "\\", "\\\"", "#", "//", "/*", "*/", "$", "${", "}", "$HOME", "$#",
                         " ", " ", "\n", "\n", "\t", ";", "(", ")", "&", "<", ">", "\u{01}", "\u{7F}", "a#b", "é"]

    @Test("the byte path draws exactly what the Character path draws, for every grammar")
    func sameAsCharacters() {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33)
        }
        var compared = 0
        for grammar in [Highlighter.Grammar.swift, .python, .shell] {
            for _ in 0..<1000 {
                let code = (0..<(next() % 40)).map { _ in Self.pieces[next() % Self.pieces.count] }.joined()
                guard !code.utf8.contains(where: { $0 >= 0x80 }) else { continue }
                #expect(grammar.highlightASCII(code) == grammar.highlight(code), "\(code.debugDescription)")
                compared += 1
            }
        }
        #expect(compared > 1500)
    }

    @Test("code with non-ASCII characters or CR LF takes the Character path")
    func fallback() {
        #expect(Highlighter.highlight(language: "swift", code: "let é = \"ü\"") == Highlighter.Grammar.swift.highlight("let é = \"ü\""))
        #expect(Highlighter.highlight(language: "sh", code: "echo a\r\n# c") == Highlighter.Grammar.shell.highlight("echo a\r\n# c"))
    }
}
