import Foundation

/// Runs snippets and judges them. Results come back in item order, whatever `jobs` is.
public struct Verifier: Sendable {
    public var registry: RunnerRegistry
    public var options: VerifyOptions
    public var cache: (any VerifyResultCache)?
    /// The environment Knap was started with; snippets get PATH and LANG from it.
    public var environment: [String: String]

    public init(registry: RunnerRegistry = .standard, options: VerifyOptions, cache: (any VerifyResultCache)?,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.registry = registry
        self.options = options
        self.cache = cache
        self.environment = environment
    }

    /// Keeps the items that `--filter` and `--shard` select. The shard split is round-robin over
    /// the selected items in note order, so it is the same on every machine for one vault.
    public func select(_ items: [VerifyItem]) -> [VerifyItem] {
        var selected = items
        if let filter = options.filter?.lowercased(), !filter.isEmpty {
            selected = selected.filter { item in
                item.path.lowercased().contains(filter) || item.headings.contains { $0.lowercased().contains(filter) }
            }
        }
        if let shard = options.shard {
            selected = selected.enumerated().filter { $0.offset % shard.count == shard.index - 1 }.map(\.element)
        }
        return selected
    }

    /// Runs the items, `options.jobs` at a time; `onResult` is called in item order as soon as a
    /// result and all results before it are known.
    public func run(_ items: [VerifyItem], onStart: @Sendable (Int) -> Void = { _ in },
                    onResult: (Int, SnippetResult) -> Void) async -> [SnippetResult] {
        SandboxedProcess.becomeSubreaper()
        var versions: [String: String] = [:]
        for item in items {
            guard case .snippet(let snippet) = item, let runner = registry.runner(for: snippet.language),
                  versions[runner.name] == nil else { continue }
            versions[runner.name] = await Toolchain.version(of: runner)
        }
        let toolchains = versions
        var results = [SnippetResult?](repeating: nil, count: items.count)
        var reported = 0
        await withTaskGroup(of: (Int, SnippetResult).self) { group in
            var next = 0
            func startNext() {
                guard next < items.count else { return }
                let index = next
                next += 1
                let item = items[index]
                onStart(index)
                group.addTask {
                    let result = await Self.offload { self.verify(item, toolchains: toolchains) }
                    return (index, result)
                }
            }
            for _ in 0..<options.jobs { startNext() }
            for await (index, result) in group {
                results[index] = result
                while reported < items.count, let ready = results[reported] {
                    onResult(reported, ready)
                    reported += 1
                }
                startNext()
            }
        }
        return results.compactMap { $0 }
    }

    /// Runs blocking work on a thread of its own, so that waiting for processes never holds the
    /// cooperative pool.
    static func offload<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.stackSize = 1 << 22
            thread.start()
        }
    }

    /// Verifies one item, blocking until it is done.
    public func verify(_ item: VerifyItem, toolchains: [String: String]) -> SnippetResult {
        switch item {
        case .skipped(let block):
            return SnippetResult(path: block.path, line: block.line, language: block.language, status: .skip, message: block.reason)
        case .snippet(let snippet):
            return verify(snippet, toolchain: registry.runner(for: snippet.language).flatMap { toolchains[$0.name] } ?? "")
        }
    }

    func verify(_ snippet: Snippet, toolchain: String) -> SnippetResult {
        var result = SnippetResult(path: snippet.path, line: snippet.line, language: snippet.language, status: .fail, snippet: snippet)
        guard let runner = registry.runner(for: snippet.language) else {
            result.status = .skip
            result.message = "no runner for \(snippet.language)"
            return result
        }
        if snippet.attributes.ignore {
            result.status = .skip
            result.message = "ignore"
            return result
        }
        if let problem = snippet.problem {
            result.message = problem
            return result
        }
        let timeout = snippet.attributes.timeout ?? options.timeout
        let key = CacheKey.make(snippet: snippet, runner: runner.name, toolchain: toolchain, timeout: timeout)
        if options.useCache, let cached = cache?.cachedVerifyResult(key: key), cached.passed {
            result.status = .pass
            result.cached = true
            result.duration = Double(cached.durationMs) / 1000
            return result
        }
        let run = SnippetRun(snippet: snippet, runner: runner, timeout: timeout, options: options, environment: environment)
        result = run.perform(into: result)
        if result.status == .pass {
            cache?.storeVerifyResult(key: key, result: CachedVerifyResult(passed: true, durationMs: Int(result.duration * 1000)))
        }
        return result
    }
}
