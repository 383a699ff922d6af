/// A tag and the number of notes that carry it or one of its nested tags.
public struct TagCount: Sendable, Codable, Equatable {
    public var tag: String
    public var count: Int
}
