import Testing
@testable import KnapRender

/// ASCII code is highlighted on bytes, anything else on Characters: both must draw the same HTML.
@Suite struct HighlighterTests {
    /// Pieces of Swift, Python and shell, and the bytes that steer the highlighter.
    static let pieces = [
        "let", "func", "def", "if", "fi", "echo", "self", "Self", "true", "None", "x", "value_1", "_a", "a-b", " ", "  ", "\t",
        "\n", "\"", "'", "\"\"\"", "'''", "\\", "\\\"", "//", "/*", "*/", "#", "$", "$x", "${y}", "$#", "{", "}", ";", "0",
        "42", "0x1F", "1_000", "3.14", "12abc", "0b101", "0o7", ".", "&", "<", ">", "<tag>", "&amp;", "(", ")", ":", "=",
        "\u{01}", "\u{7F}", "-", "x9", "9x",
    ]

    @Test(arguments: ["swift", "python", "shell"])
    func bytesAndCharactersDrawTheSame(language: String) throws {
        let grammar = try #require(Highlighter.grammars[language])
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        var drawn = 0
        for length in 1..<30 {
            for _ in 0..<150 {
                var code = ""
                for _ in 0..<length {
                    state ^= state << 13; state ^= state >> 7; state ^= state << 17
                    code += Self.pieces[Int(state % UInt64(Self.pieces.count))]
                }
                let fast = grammar.highlight(code)
                #expect(fast == grammar.highlightByCharacters(code), "\(code.debugDescription)")
                if fast.contains("<span") { drawn += 1 }
            }
        }
        #expect(drawn > 1000)
    }

    @Test func nonASCIICodeIsDrawnOnCharacters() throws {
        let swift = try #require(Highlighter.grammars["swift"])
        // A quote that carries a combining mark does not open a string: the next quote does.
        #expect(swift.highlight("let é = \"\u{301}x\" // ü")
            == "<span class=\"hl-keyword\">let</span> é = &quot;\u{301}x<span class=\"hl-string\">&quot; // ü</span>")
        #expect(swift.highlight("let a = 1\r\nlet b") == swift.highlightByCharacters("let a = 1\r\nlet b"))
    }
}

/// Text cleaning passes over printable ASCII eight bytes at a time: every forbidden character
/// must still be found wherever it falls in a word.
@Suite struct PlainTextTests {
    @Test func forbiddenCharactersAreReplacedAtEveryOffset() {
        // Noncharacters cannot be written as literals.
        let nonCharacters = [0xFDD0, 0xFFFE, 0x1FFFF].compactMap { Unicode.Scalar(UInt32($0)).map { String($0) } }
        let forbidden: [String] = ["\u{0}", "\u{1}", "\u{1F}", "\u{7F}", "\u{80}", "\u{9F}"] + nonCharacters
        let allowed: [String] = ["\t", "\n", " ", "~", "é", "\u{A0}", "\u{FEFF}", "😀"]
        for character in forbidden + allowed {
            for offset in 0..<17 {
                let text = String(repeating: "a", count: offset) + character + String(repeating: "b", count: 16 - offset)
                let expected = String(String.UnicodeScalarView(text.unicodeScalars.map { PlainText.isForbidden($0) ? "\u{FFFD}" : $0 }))
                #expect(PlainText.clean(text) == expected, "\(character.debugDescription) at \(offset)")
                #expect(PlainText.clean(text).contains("\u{FFFD}") == forbidden.contains(character))
            }
        }
    }
}
