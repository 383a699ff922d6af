import KnapMarkdown

/// The parts of a note that an embed can show: the whole note, one heading's section, or one block.
enum Transclusion {
    /// The blocks under the heading whose slug is `anchor` (or whose text slugs to `heading`), up to
    /// the next heading of the same or a higher level; nil when there is no such top-level heading.
    static func section(of document: MarkdownNode, anchor: String?, heading: String) -> [MarkdownNode]? {
        let wanted = Slugger.slug(heading.split(separator: "#").last.map(String.init) ?? heading)
        var slugger = Slugger()
        let children = document.children
        for (index, node) in children.enumerated() {
            guard case .heading(let level) = node.kind else { continue }
            let text = node.plainText.trimmingCharacters(in: " \t")
            let slug = slugger.unique(text)
            guard slug == anchor || Slugger.slug(text) == wanted else { continue }
            var end = index + 1
            while end < children.count {
                if case .heading(let next) = children[end].kind, next <= level { break }
                end += 1
            }
            return Array(children[index..<end])
        }
        return nil
    }

    /// The block marked `^id`: a paragraph or list item ending in it, or the block before a line
    /// holding only `^id` (how tables and lists are marked). Nil when there is none.
    static func block(of node: MarkdownNode, id: String) -> MarkdownNode? {
        let wanted = id.lowercased()
        for (index, child) in node.children.enumerated() {
            if isOnlyBlockID(child, wanted) {
                return index > 0 ? node.children[index - 1] : nil
            }
            if child.children.contains(where: { isBlockID($0, wanted) }) {
                // A paragraph inside a list item stands for the item.
                if case .item = node.kind { return node }
                return child
            }
            if let found = block(of: child, id: id) {
                // A `^id` line right under a quote or callout (in CommonMark, a lazy continuation of
                // its last paragraph) names the whole quote, as in Obsidian.
                return endsWithIDLine(child, wanted) ? child : found
            }
        }
        return nil
    }

    /// Whether `node` is a quote or callout whose last block is a paragraph ending in a line
    /// holding only `^wanted` (a quote nested last in it counts too).
    private static func endsWithIDLine(_ node: MarkdownNode, _ wanted: String) -> Bool {
        switch node.kind {
        case .blockQuote, .callout: break
        default: return false
        }
        guard let last = node.children.last else { return false }
        if case .paragraph = last.kind, let id = last.children.last, isBlockID(id, wanted) {
            let count = last.children.count
            if count == 1 { return true }
            switch last.children[count - 2].kind {
            case .softBreak, .lineBreak: return true
            default: return false
            }
        }
        return endsWithIDLine(last, wanted)
    }

    private static func isBlockID(_ node: MarkdownNode, _ wanted: String) -> Bool {
        if case .blockID(let id) = node.kind { return id.lowercased() == wanted }
        return false
    }

    private static func isOnlyBlockID(_ node: MarkdownNode, _ wanted: String) -> Bool {
        guard case .paragraph = node.kind, node.children.count == 1 else { return false }
        return isBlockID(node.children[0], wanted)
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
