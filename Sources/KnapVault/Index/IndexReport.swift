/// What one `knap index` did.
public struct IndexReport: Sendable, Codable, Equatable {
    /// Notes found by the scan.
    public var scanned: Int
    /// Notes added or whose content changed.
    public var changed: Int
    /// Notes whose files are gone (a rename counts as one removed and one changed).
    public var removed: Int
    /// Attachments found by the scan.
    public var attachments: Int
    /// Links resolved again because their source changed or their target came or went.
    public var relinked: Int
    /// Wall-clock time, in seconds.
    public var seconds: Double

    public init(scanned: Int = 0, changed: Int = 0, removed: Int = 0, attachments: Int = 0, relinked: Int = 0, seconds: Double = 0) {
        self.scanned = scanned
        self.changed = changed
        self.removed = removed
        self.attachments = attachments
        self.relinked = relinked
        self.seconds = seconds
    }
}
