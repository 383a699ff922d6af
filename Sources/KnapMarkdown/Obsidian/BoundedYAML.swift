import Yams

/// Why a YAML document was refused before it was used: it is too large, too deep, or its aliases
/// expand too far. `line` is the YAML line (1-based) where it shows, when one is known.
public struct YAMLLimitError: Error, Hashable, Sendable, CustomStringConvertible {
    public var reason: String
    public var line: Int?

    public var description: String { reason }
}

/// The one way Knap reads YAML with Yams (frontmatter and `knap.yaml`): within limits on size, depth
/// and how far aliases expand, so that a small hostile document (an alias bomb: each anchor a list of
/// aliases of the one before) cannot take the machine's memory or time.
///
/// Yams composes an alias as the very node its anchor names, shared and not copied, so composing
/// costs what the text costs. What grows is a walk that follows aliases: the one here counts every
/// node it meets, aliases at their expanded size, and stops at the budget, before anything walks further.
public enum BoundedYAML {
    /// The largest document read: 1 MiB.
    public static let maxBytes = 1 << 20
    /// How deep sequences and mappings may nest.
    public static let maxDepth = 100
    /// The node budget is this, or twice the document's size in bytes when that is more: a document
    /// without aliases has fewer nodes than bytes plus one, so only aliases can exceed it.
    public static let minimumNodes = 10_000

    /// The node budget of a document of `bytes` bytes.
    public static func nodeBudget(bytes: Int) -> Int { max(minimumNodes, 2 * bytes) }

    /// The size check alone, for a reader that goes without Yams.
    public static func checkSize(_ yaml: String) throws(YAMLLimitError) {
        let bytes = yaml.utf8.count
        guard bytes <= maxBytes else {
            throw YAMLLimitError(reason: "larger than 1 MiB (\(bytes) bytes)", line: nil)
        }
    }

    /// The document's root node, composed by Yams, or nil for an empty one. Throws ``YAMLLimitError``
    /// past a limit, else what Yams throws.
    public static func compose(_ yaml: String) throws -> Node? {
        try checkSize(yaml)
        if mayHaveCollectionKeysWithAliases(yaml) {
            throw YAMLLimitError(reason: "aliases in a document with collection or alias keys are not supported", line: nil)
        }
        // The encoding is given: by default Yams reads the whole environment on every parse.
        guard let node = try Yams.compose(yaml: yaml, .default, .default, .utf8) else { return nil }
        var walk = Walk(budget: nodeBudget(bytes: yaml.utf8.count))
        try walk.visit(node, depth: 1)
        return node
    }

    /// Whether a mapping key might expand through an alias, judged from the text before Yams reads it,
    /// erring on the side of yes. Yams hashes every mapping key while composing, so a key that is an
    /// alias of a bomb (`*bomb: x`) or a collection holding one (`[*bomb]: x`, `? *bomb`) would take
    /// minutes there, before the walk below could count it. Only a document that has aliases (a `*`)
    /// and a key that is an alias, a flow collection (`]:`, `}:`) or explicit (`?`) is refused.
    static func mayHaveCollectionKeysWithAliases(_ yaml: String) -> Bool {
        let bytes = Array(yaml.utf8)
        guard bytes.contains(UInt8(ascii: "*")) else { return false }
        func isBlank(_ index: Int) -> Bool {
            index >= bytes.count || bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D
        }
        /// Whether a `:` follows `index` after spaces: an implicit key ends there.
        func colonAfter(_ index: Int) -> Bool {
            var next = index
            while next < bytes.count, bytes[next] == 0x20 || bytes[next] == 0x09 { next += 1 }
            return next < bytes.count && bytes[next] == UInt8(ascii: ":")
        }
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "?"):
                // An explicit key: `? ` first on its line or after an indicator, not inside text.
                var before = index - 1
                while before >= 0, bytes[before] == 0x20 || bytes[before] == 0x09 { before -= 1 }
                if isBlank(index + 1), before < 0 || isKeyContext(bytes[before]) { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if colonAfter(index + 1) { return true }
            case UInt8(ascii: "*"):
                var end = index + 1
                while end < bytes.count, isAnchorCharacter(bytes[end]) { end += 1 }
                if end > index + 1, colonAfter(end) { return true }
            default:
                break
            }
        }
        return false
    }

    /// What may come right before an explicit key's `?` (spaces aside): a line break or an indicator.
    private static func isKeyContext(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x0A, 0x0D, UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: "["),
             UInt8(ascii: "{"), UInt8(ascii: ","):
            true
        default:
            false
        }
    }

    /// What libyaml allows in an anchor or alias name: ASCII letters, digits, `_` and `-`.
    private static func isAnchorCharacter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    /// Counts nodes (each alias at its expanded size) and depth, and stops at the first limit.
    private struct Walk {
        let budget: Int
        var count = 0

        mutating func visit(_ node: Node, depth: Int) throws(YAMLLimitError) {
            count += 1
            guard count <= budget else {
                throw YAMLLimitError(reason: "aliases expand too far (more than \(budget) nodes)", line: nil)
            }
            guard depth <= BoundedYAML.maxDepth else {
                throw YAMLLimitError(reason: "nested deeper than \(BoundedYAML.maxDepth) levels", line: node.mark?.line)
            }
            switch node {
            case .sequence(let sequence):
                for item in sequence { try visit(item, depth: depth + 1) }
            case .mapping(let mapping):
                for (key, value) in mapping {
                    try visit(key, depth: depth + 1)
                    try visit(value, depth: depth + 1)
                }
            case .scalar, .alias:
                break
            }
        }
    }
}
