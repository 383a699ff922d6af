import KnapMarkdown

/// How a heading part of a link is compared with a heading, as Obsidian does: by text with the
/// characters that links cannot hold (`# ^ | : % [ ] \`) and runs of spaces made one space,
/// ignoring case; or by slug, so `[[Note#my-heading]]` also matches.
enum HeadingText {
    static func matches(_ part: String, _ heading: Heading) -> Bool {
        let wanted = normalized(part)
        if wanted == normalized(heading.text) { return true }
        let slug = Slugger.slug(part)
        return !slug.isEmpty && (slug == heading.slug || slug == Slugger.slug(heading.text))
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
