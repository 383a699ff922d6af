/// How `knap verify` runs.
public struct VerifyOptions: Sendable {
    /// Seconds per snippet run, unless the fence says `timeout=`.
    public var timeout: Double = 10
    /// Snippets run at once.
    public var jobs: Int
    /// Whether stored passing results may stand in for a run.
    public var useCache = true
    /// Keep only snippets whose note path or heading contains this text (case-insensitive).
    public var filter: String?
    /// `(k, n)`: keep the k-th of n stable parts (1-based).
    public var shard: (index: Int, count: Int)?
    /// Seconds a compiler may take.
    public var compileTimeout: Double = 300

    public init(jobs: Int) {
        self.jobs = max(1, jobs)
    }
}
