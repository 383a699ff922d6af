import Testing
@testable import KnapVault

@Suite struct JSONTextTests {
    @Test func stringsAreQuotedAndEscapedOnlyWhereNeeded() {
        #expect(JSONText.string("plain words") == "\"plain words\"")
        #expect(JSONText.string("Café ünïcode") == "\"Café ünïcode\"")
        #expect(JSONText.string("") == "\"\"")
        #expect(JSONText.string("say \"hi\"\\now") == "\"say \\\"hi\\\"\\\\now\"")
        #expect(JSONText.string("a\nb\tc\u{1}") == "\"a\\nb\\tc\\u0001\"")
        #expect(JSONText.string("\u{301}mark") == "\"\u{301}mark\"")
    }
}
