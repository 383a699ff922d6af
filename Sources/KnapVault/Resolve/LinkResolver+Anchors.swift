import KnapMarkdown

extension LinkResolver {
    /// Checks `H1#H2` against the headings of the note at `path`: the last part must be a heading,
    /// and the earlier parts headings above it (its ancestors), in order.
    func resolveHeading(_ heading: String, in path: String) -> LinkResolution {
        // Attachments (a PDF's `#page=3`) are not checked. A note whose outline was never given has none.
        guard VaultPath.isNote(path) else { return .resolved(path: path, anchor: nil) }
        let outline = outline(of: path) ?? NoteOutline()
        let parts = heading.split(separator: "#").map(String.init).filter { !$0.isEmpty }
        guard let last = parts.last else { return .resolved(path: path, anchor: nil) }
        var ancestors: [Heading] = []
        for candidate in outline.headings {
            while let top = ancestors.last, top.level >= candidate.level { ancestors.removeLast() }
            if HeadingText.matches(last, candidate), Self.isChain(parts.dropLast(), within: ancestors) {
                return .resolved(path: path, anchor: candidate.slug)
            }
            ancestors.append(candidate)
        }
        return .unresolved(.noSuchHeading(path: path, heading: heading), hint: headingHint(last, in: outline))
    }

    /// Whether `parts` match a subsequence of `ancestors`, in order.
    private static func isChain(_ parts: ArraySlice<String>, within ancestors: [Heading]) -> Bool {
        var remaining = parts[...]
        for ancestor in ancestors {
            guard let next = remaining.first else { break }
            if HeadingText.matches(next, ancestor) { remaining.removeFirst() }
        }
        return remaining.isEmpty
    }

    private func headingHint(_ part: String, in outline: NoteOutline) -> String? {
        guard let match = outline.headings.first(where: { HeadingText.matches(part, $0) }) else { return nil }
        return "'\(match.text)' exists but not under the headings named before it"
    }

    /// Checks `^id` against the block ids of the note at `path`. Block ids compare ignoring case.
    func resolveBlock(_ block: String, in path: String) -> LinkResolution {
        guard VaultPath.isNote(path) else {
            return .unresolved(.noSuchBlock(path: path, block: block), hint: "only notes have block ids")
        }
        let outline = outline(of: path) ?? NoteOutline()
        if let id = outline.blockIDs.first(where: { $0 == block })
            ?? outline.blockIDs.first(where: { $0.lowercased() == block.lowercased() }) {
            return .resolved(path: path, anchor: "^" + id)
        }
        return .unresolved(.noSuchBlock(path: path, block: block), hint: nil)
    }
}
