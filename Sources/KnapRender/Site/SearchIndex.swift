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

    /// A note's entry as JSON. `url` is the page's site path.
    static func json(for note: Note, title: String, url: String) -> String {
        var text = ""
        appendText(of: note.document, to: &text)
        if text.count > maxText { text = String(text.prefix(maxText)) }
        let entry = Entry(title: PlainText.clean(title), url: URLText.href(url),
                          headings: note.headings.map { PlainText.clean($0.text) },
                          tags: Array(Set(note.tags.map(\.normalized))).sorted(), text: PlainText.clean(text))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding strings and string arrays cannot fail.
        return (try? encoder.encode(entry)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
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

    /// The script that sets `window.KNAP_SEARCH` to the entries (each already JSON).
    static func script(_ entries: [String]) -> String {
        "window.KNAP_SEARCH = [" + entries.joined(separator: ",\n") + "];\n"
    }
}
