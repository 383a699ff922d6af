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
        var interpreters: [String: String] = [:]
        for item in items {
            guard case .snippet(let snippet) = item, let runner = registry.runner(for: snippet.language),
                  versions[runner.name] == nil else { continue }
            versions[runner.name] = await Toolchain.version(of: runner)
            if let probe = runner.interpreterProbe, let path = await Toolchain.interpreter(of: runner) {
                interpreters[probe.executable] = path
            }
        }
        let resolved = interpreters
        let toolchains = versions
        let isolation = options.sandbox ? SnippetIsolation.make(
            environment: environment, interpreters: interpreters, tools: registry.runners.map(\.versionCommand.executable),
            notes: Array(Set(items.map(\.path))), allowNetwork: options.allowNetwork) : nil
        let binaryCache = options.binaryCacheDirectory.map { BinaryCache(directory: $0, capBytes: options.binaryCacheCapBytes) }
        let scratch = Self.makeScratch()
        defer { if let scratch { TemporaryFolders.remove(scratch) } }
        let prepared = await prepareMerged(items, toolchains: toolchains, binaryCache: binaryCache, scratch: scratch,
                                           isolation: isolation)

        var results = [SnippetResult?](repeating: nil, count: items.count)
        var reported = 0
        // A session's snippets are one job: they run in one program (Sessions/).
        let jobs = Self.jobs(items)
        await withTaskGroup(of: [(Int, SnippetResult)].self) { group in
            var next = 0
            func startNext() {
                guard next < jobs.count else { return }
                let job = jobs[next]
                next += 1
                for index in job { onStart(index) }
                group.addTask {
                    await Self.offload { self.verify(job: job, items: items, toolchains: toolchains, interpreters: resolved,
                                                     prepared: prepared, binaryCache: binaryCache, isolation: isolation) }
                }
            }
            for _ in 0..<options.jobs { startNext() }
            for await finished in group {
                for (index, result) in finished { results[index] = result }
                while reported < items.count, let ready = results[reported] {
                    onResult(reported, ready)
                    reported += 1
                }
                startNext()
            }
        }
        return results.compactMap { $0 }
    }

    /// Builds the merged Swift modules for the snippets that will run, `jobs` modules at a time.
    private func prepareMerged(_ items: [VerifyItem], toolchains: [String: String], binaryCache: BinaryCache?,
                               scratch: String?, isolation: SnippetIsolation?) async -> [Int: PreparedBinary] {
        guard options.merge, let scratch, let toolchain = toolchains[SwiftRunner().name] else { return [:] }
        var candidates: [(index: Int, snippet: Snippet)] = []
        for (index, item) in items.enumerated() {
            guard case .snippet(let snippet) = item, let runner = registry.runner(for: snippet.language), runner.name == "swift",
                  !snippet.attributes.ignore, snippet.problem == nil, snippet.plan.session == nil,
                  SwiftMerger.unmergeableReason(snippet) == nil else { continue }
            let timeout = snippet.attributes.timeout ?? options.timeout
            let key = CacheKey.make(snippet: snippet, runner: runner.name, toolchain: toolchain, timeout: timeout)
            if options.useCache, cache?.cachedVerifyResult(key: key)?.passed == true { continue }
            candidates.append((index, snippet))
        }
        guard candidates.count >= 2 else { return [:] }
        let build = MergedSwiftBuild(toolchain: toolchain, binaryCache: binaryCache, scratch: scratch,
                                     environment: environment, compileTimeout: options.compileTimeout, isolation: isolation)
        let chunks = stride(from: 0, to: candidates.count, by: MergedSwiftBuild.chunkSize).map {
            Array(candidates[$0..<min($0 + MergedSwiftBuild.chunkSize, candidates.count)])
        }
        var prepared: [Int: PreparedBinary] = [:]
        await withTaskGroup(of: [Int: PreparedBinary].self) { group in
            var next = 0
            func startNext() {
                guard next < chunks.count else { return }
                let chunk = chunks[next]
                next += 1
                group.addTask { await Self.offload { build.build(chunk) } }
            }
            for _ in 0..<options.jobs { startNext() }
            for await built in group {
                prepared.merge(built) { first, _ in first }
                startNext()
            }
        }
        return prepared
    }

    private static func makeScratch() -> String? {
        TemporaryFolders.make(prefix: "knap-run-")
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

    /// Verifies one job (an item, or the items of a session), blocking until it is done.
    private func verify(job: [Int], items: [VerifyItem], toolchains: [String: String], interpreters: [String: String],
                        prepared: [Int: PreparedBinary], binaryCache: BinaryCache?,
                        isolation: SnippetIsolation?) -> [(Int, SnippetResult)] {
        if let first = job.first, case .snippet(let snippet) = items[first], let session = snippet.plan.session {
            return verifySession(session, indices: job, items: items, toolchain: toolchains[session.runner] ?? "",
                                 interpreters: interpreters, binaryCache: binaryCache, isolation: isolation).map { ($0, finish($1)) }
        }
        return job.map { index in
            (index, finish(verify(items[index], toolchains: toolchains, interpreters: interpreters, prepared: prepared[index],
                                  binaryCache: binaryCache, isolation: isolation)))
        }
    }

    /// Verifies one item, blocking until it is done.
    func verify(_ item: VerifyItem, toolchains: [String: String], interpreters: [String: String] = [:], prepared: PreparedBinary?,
                binaryCache: BinaryCache?, isolation: SnippetIsolation? = nil) -> SnippetResult {
        switch item {
        case .skipped(let block):
            return SnippetResult(path: block.path, line: block.line, language: block.language, status: .skip, message: block.reason)
        case .snippet(let snippet):
            return verify(snippet, toolchain: registry.runner(for: snippet.language).flatMap { toolchains[$0.name] } ?? "",
                          interpreters: interpreters, prepared: prepared, binaryCache: binaryCache, isolation: isolation)
        }
    }

    func verify(_ snippet: Snippet, toolchain: String, interpreters: [String: String] = [:], prepared: PreparedBinary?,
                binaryCache: BinaryCache?, isolation: SnippetIsolation? = nil) -> SnippetResult {
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
            // Whether a clean run compared anything follows from the snippet, so a cached `ran` stays `ran`.
            result.status = snippet.comparesNothing ? .ran : .pass
            result.cached = true
            result.duration = Double(cached.durationMs) / 1000
            return result
        }
        var run = SnippetRun(snippet: snippet, runner: runner, timeout: timeout, options: options, environment: environment,
                             toolchain: toolchain, interpreters: interpreters, binaryCache: binaryCache, prepared: prepared,
                             isolation: isolation)
        let first = run.perform(into: result)
        if first.status == .fail, prepared != nil, !first.timedOut {
            // The merged binary is a convenience: a failure there is confirmed by the standalone path,
            // whose verdict stands, so merging can never change a snippet's result. (A timeout is
            // not run twice: waiting is not something merging changes.)
            run.prepared = nil
            let standalone = run.perform(into: result)
            result = standalone
            result.duration += first.duration
        } else {
            result = first
        }
        if result.status.passed {
            cache?.storeVerifyResult(key: key, result: CachedVerifyResult(passed: true, durationMs: Int(result.duration * 1000)))
        }
        return result
    }

    /// The run's options applied to a verdict: `--strict` fails a snippet that ran without any
    /// expected output, and `--skip-missing-modules` skips one that failed for a missing module.
    func finish(_ result: SnippetResult) -> SnippetResult {
        var result = result
        if options.strict, result.status == .ran {
            result.status = .fail
            result.message = "ran, but nothing was compared: the note gives no expected output (--strict)"
        } else if options.skipMissingModules, result.status == .fail, case .missingModule(let name) = result.environmentCause {
            result.status = .skip
            result.message = "missing module '\(name)' (--skip-missing-modules)"
            result.details = []
        }
        return result
    }
}
