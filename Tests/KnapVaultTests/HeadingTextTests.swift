import Testing
@testable import KnapVault

@Suite struct HeadingTextTests {
    /// The byte-level path for ASCII gives what the character loop gives, for every ASCII character
    /// in every position that matters (start, middle, end, next to spaces and separators).
    @Test func asciiFastPathMatchesTheCharacterLoop() {
        let all = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
        for character in all {
            for text in [character, "a" + character, character + "b", "A " + character + " B", "x#" + character + "|y",
                         character + character + "Word", "  " + character + "  "] {
                #expect(HeadingText.normalized(text) == HeadingText.normalizedByCharacters(text), "\(text.debugDescription)")
            }
        }
        #expect(HeadingText.normalized("  Setup: The [Basics]\r\n#2  ") == "setup the basics 2")
        #expect(HeadingText.normalized("Ünïcode  Tëxt") == "ünïcode tëxt")
    }
}

@Suite struct NameKeyTests {
    /// The byte-level name key of ASCII targets is the one computed on characters.
    @Test func asciiFastPathMatchesTheCharacterVersion() {
        let targets = ["Note", "Note.md", "NOTE.MD", "a/b/Note 1", "a/b/", "a//", "/", "", ".md", "x.md.md", "a/.md",
                       "Folder/Sub/File.PNG", "../up/Note", "./here", "x/y.Md", "md", "a/md", "Tab\tName", "Ünïcode/Nöte.md"]
        for target in targets {
            #expect(VaultPath.nameKey(target) == VaultPath.nameKeyByCharacters(target), "\(target.debugDescription)")
        }
        #expect(VaultPath.nameKey("Area/Sub/Big Note.MD") == "big note")
        #expect(VaultPath.nameKey("dir/") == "dir")
    }
}
