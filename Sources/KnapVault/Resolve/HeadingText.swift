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
}
