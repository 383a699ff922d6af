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
    /// Compile mergeable Swift snippets together (one whole-module compile, one process per snippet).
    public var merge = true
    /// Where compiled binaries are cached (`<vault>/.knap/cache`); nil for no binary cache.
    public var binaryCacheDirectory: String?
    /// The binary cache's size cap.
    public var binaryCacheCapBytes = 512 << 20
    /// Run every compiler, checker and snippet under bubblewrap (see ``Sandbox``). Only the
    /// command line turns it off (`--no-sandbox`), never the vault.
    public var sandbox = true
    /// Give the network to snippets whose fence says `network` (`--allow-network`); never from the vault.
    public var allowNetwork = false

    /// `--strict`: a snippet with no expected output fails instead of being reported as `ran`.
    public var strict = false
    /// `--skip-missing-modules`: a snippet that fails only because a module is not installed is skipped.
    public var skipMissingModules = false

    public init(jobs: Int) {
        self.jobs = max(1, jobs)
    }
}
