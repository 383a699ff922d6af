import KnapMarkdown

extension FrontmatterValue {
    /// The value as JSON: scalars as strings (as written), lists as arrays, maps as objects.
    var json: String {
        switch self {
        case .scalar(let text, _): JSONText.string(text)
        case .list(let items): "[" + items.map(\.json).joined(separator: ",") + "]"
        case .map(let properties): "{" + properties.map { JSONText.string($0.key) + ":" + $0.value.json }.joined(separator: ",") + "}"
        case .null: "null"
        }
    }
}
