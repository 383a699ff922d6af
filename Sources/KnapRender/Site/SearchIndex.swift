import Foundation
import KnapMarkdown

/// The search page's data: one entry per note, written as a script that sets `window.KNAP_SEARCH`
/// (a script, not a fetched JSON file, so the search works from `file://`).
struct SearchIndex {
    struct Entry: Codable, Sendable {
        var title: String
        /// The page, relative to the site root.
        var url: String
        var headings: [String]
        var tags: [String]
        var text: String
    }

    /// How much of a note's text goes into the index.
    static let maxText = 20_000

    static func entry(for note: Note, model: SiteModel) -> Entry? {
        guard let page = model.paths.pages[note.path] else { return nil }
        var text = ""
        appendText(of: note.document, to: &text)
        if text.count > maxText { text = String(text.prefix(maxText)) }
        return Entry(title: PlainText.clean(model.title(of: note)), url: URLText.href(page),
                     headings: note.headings.map { PlainText.clean($0.text) },
                     tags: Array(Set(note.tags.map(\.normalized))).sorted(), text: PlainText.clean(text))
    }

    /// Block texts separated by spaces, code included.
    private static func appendText(of node: MarkdownNode, to text: inout String) {
        switch node.kind {
        case .paragraph, .heading, .tableCell, .calloutTitle:
            text += node.plainText
            text += " "
        case .codeBlock(_, let literal):
            text += literal
            text += " "
        case .displayMath(let math):
            text += math + " "
        default:
            for child in node.children { appendText(of: child, to: &text) }
        }
    }

    static func script(_ entries: [Entry]) throws(RenderError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            let data = try encoder.encode(entries)
            return "window.KNAP_SEARCH = " + String(decoding: data, as: UTF8.self) + ";\n"
        } catch {
            throw .cannotWrite("_knap/search-index.js", reason: "\(error)")
        }
    }
}
