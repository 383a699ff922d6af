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
