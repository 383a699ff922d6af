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
