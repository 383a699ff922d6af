import KnapMarkdown

/// How a heading part of a link is compared with a heading, as Obsidian does: by text with the
/// characters that links cannot hold (`# ^ | : % [ ] \`) and runs of spaces made one space,
/// ignoring case; or by slug, so `[[Note#my-heading]]` also matches.
enum HeadingText {
    static func matches(_ part: String, _ heading: Heading) -> Bool {
        Matcher(part).matches(heading)
    }

    /// One link part, normalized once, to compare with many headings.
    struct Matcher {
        let text: String
        let slug: String

        init(_ part: String) {
            text = HeadingText.normalized(part)
            slug = Slugger.slug(part)
        }

        func matches(_ heading: Heading) -> Bool {
            if text == HeadingText.normalized(heading.text) { return true }
            return !slug.isEmpty && (slug == heading.slug || slug == Slugger.slug(heading.text))
        }
    }

    static func normalized(_ text: String) -> String {
        normalizedASCII(text) ?? normalizedByCharacters(text)
    }

    /// ``normalized(_:)`` for any text, a character at a time.
    static func normalizedByCharacters(_ text: String) -> String {
        var out = ""
        var pendingSpace = false
        for character in VaultPath.nfc(text).lowercased() {
            if character.isWhitespace || "#^|:%[]\\".contains(character) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(character)
            }
        }
        return out
    }

    /// ``normalized(_:)`` of ASCII text, on its bytes (the character loop was a twentieth of a full index);
    /// nil for other text. ASCII is already NFC, and its whitespace is tab to carriage return and space.
    private static func normalizedASCII(_ text: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            switch byte {
            case 0x80...: return nil
            case 0x09...0x0D, UInt8(ascii: " "), UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "|"), UInt8(ascii: ":"),
                 UInt8(ascii: "%"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "\\"):
                pendingSpace = !out.isEmpty
            default:
                if pendingSpace { out.append(UInt8(ascii: " ")) }
                pendingSpace = false
                out.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
