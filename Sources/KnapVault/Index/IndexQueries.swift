/// A note found by ``VaultIndex/search(_:tag:limit:)``.
public struct SearchHit: Sendable, Codable, Equatable {
    public var path: String
    public var title: String
    /// The line of the best match in the note's file (1 when the match is only in the title or aliases).
    public var line: Int
    /// Text around the match, with matched words between ``SearchHit/markStart`` and ``SearchHit/markEnd``.
    public var snippet: String
    /// bm25 rank: lower is better.
    public var score: Double

    public static let markStart = "«"
    public static let markEnd = "»"
}

/// One link, as `knap links` and `knap backlinks` list it.
public struct LinkEntry: Sendable, Codable, Equatable {
    /// The note the link is in.
    public var source: String
    public var line: Int
    public var column: Int
    /// The link's target as written: `Note#Heading`, `Note#^id`, `Figure 1.png`.
    public var target: String
    public var embed: Bool
    /// The note or file it lands on; nil when there is none or more than one.
    public var resolved: String?
    /// The heading slug or `^id` it points at.
    public var anchor: String?
    /// Why it does not fully resolve (`unresolved-link`, …); nil when it does.
    public var problem: String?
}

/// A tag and the number of notes that carry it or one of its nested tags.
public struct TagCount: Sendable, Codable, Equatable {
    public var tag: String
    public var count: Int
}

/// The notes and the links between them.
public struct VaultGraph: Sendable, Codable, Equatable {
    public struct Node: Sendable, Codable, Equatable {
        public var id: String
        public var title: String
    }

    public struct Edge: Sendable, Codable, Equatable {
        public var source: String
        public var target: String
        /// How many links from source to target.
        public var count: Int
    }

    public var nodes: [Node]
    public var edges: [Edge]
}

/// Why `NOTE` on the command line names no single note.
public enum NoteLookupError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(String)
    case ambiguous(String, [String])

    public var description: String {
        switch self {
        case .notFound(let name): "no note named '\(name)' (by name, path or alias)"
        case .ambiguous(let name, let paths): "'\(name)' names more than one note: " + paths.joined(separator: ", ")
        }
    }
}
