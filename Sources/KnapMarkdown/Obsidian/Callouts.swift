/// Obsidian's 13 callout types. Aliases map onto them; an unknown type is kept
/// as written on the ``Callout`` and drawn as a note.
public enum CalloutKind: String, CaseIterable, Hashable, Sendable {
    case note, abstract, info, todo, tip, success, question, warning, failure, danger, bug, example, quote

    /// The canonical kind for a type as written, case-insensitively; `note` for unknown types.
    public init(type: String) {
        switch type.lowercased() {
        case "abstract", "summary", "tldr": self = .abstract
        case "info": self = .info
        case "todo": self = .todo
        case "tip", "hint", "important": self = .tip
        case "success", "check", "done": self = .success
        case "question", "help", "faq": self = .question
        case "warning", "caution", "attention": self = .warning
        case "failure", "fail", "missing": self = .failure
        case "danger", "error": self = .danger
        case "bug": self = .bug
        case "example": self = .example
        case "quote", "cite": self = .quote
        default: self = .note
        }
    }

    /// Whether Obsidian knows the type as written (one of the kinds or an alias).
    public static func isKnown(_ type: String) -> Bool {
        let lowered = type.lowercased()
        return CalloutKind(type: lowered) != .note || lowered == "note"
    }
}

/// The `[!type]+ Title` marker at the start of a callout's first line.
struct CalloutMarker {
    var type: String
    var fold: String?
    /// The byte offset in the scanned text where the title starts (after spaces).
    var titleOffset: Int

    /// Reads a marker at the start of `text`; nil when the text does not start with `[!type]`.
    init?(_ text: Substring) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 4, bytes[0] == UInt8(ascii: "["), bytes[1] == UInt8(ascii: "!") else { return nil }
        guard let close = bytes.firstIndex(of: UInt8(ascii: "]")), close > 2 else { return nil }
        let typeBytes = bytes[2..<close]
        guard !typeBytes.contains(where: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "[") })
        else { return nil }
        type = String(decoding: typeBytes, as: UTF8.self).lowercased()
        var index = close + 1
        fold = nil
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            fold = bytes[index] == UInt8(ascii: "+") ? "+" : "-"
            index += 1
        }
        // The title must be separated by white space, or be absent.
        if index < bytes.count, bytes[index] != UInt8(ascii: " "), bytes[index] != UInt8(ascii: "\t") { return nil }
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
        titleOffset = index
    }
}
