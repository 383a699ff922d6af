import Foundation

extension Verifier {
    /// The units of work of a run, in item order: one item alone, or the items of one session
    /// (which run in one program and are reported together).
    static func jobs(_ items: [VerifyItem]) -> [[Int]] {
        var jobs: [[Int]] = []
        var sessionJob: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            guard case .snippet(let snippet) = item, let session = snippet.plan.session else {
                jobs.append([index])
                continue
            }
            if let job = sessionJob[session.id] {
                jobs[job].append(index)
            } else {
                sessionJob[session.id] = jobs.count
                jobs.append([index])
            }
        }
        return jobs
    }

    /// Verifies the items of one session: from the cache when every one of them passed before
    /// with the same earlier snippets, otherwise by running the whole session once.
    func verifySession(_ session: Session, indices: [Int], items: [VerifyItem], toolchain: String,
                       interpreters: [String: String], binaryCache: BinaryCache?,
                       isolation: SnippetIsolation? = nil) -> [(Int, SnippetResult)] {
        let reported: [(index: Int, snippet: Snippet)] = indices.compactMap { index in
            guard case .snippet(let snippet) = items[index] else { return nil }
            return (index, snippet)
        }
        let keys = reported.map { entry in
            CacheKey.make(snippet: entry.snippet, runner: session.runner, toolchain: toolchain,
                          timeout: entry.snippet.attributes.timeout ?? options.timeout)
        }
        let cached = options.useCache ? keys.map { cache?.cachedVerifyResult(key: $0) } : []
        if !cached.isEmpty, cached.allSatisfy({ $0?.passed == true }) {
            return zip(reported, cached).map { entry, stored in
                var result = SnippetResult(path: entry.snippet.path, line: entry.snippet.line, language: entry.snippet.language,
                                           status: entry.snippet.comparesNothing ? .ran : .pass, cached: true, snippet: entry.snippet)
                result.duration = Double(stored?.durationMs ?? 0) / 1000
                return (entry.index, result)
            }
        }
        let start = Date()
        var run = SessionRun(session: session, options: options, environment: environment, interpreters: interpreters)
        run.toolchain = toolchain
        run.binaryCache = binaryCache
        run.isolation = isolation
        let results = run.run()
        let share = Date().timeIntervalSince(start) / Double(max(1, reported.count))
        var byLine: [Int: SnippetResult] = [:]
        for result in results { byLine[result.line] = result }
        return zip(reported, keys).map { entry, key in
            var result = byLine[entry.snippet.line]
                ?? SnippetResult(path: entry.snippet.path, line: entry.snippet.line, language: entry.snippet.language,
                                 status: .fail, message: "not part of its session", snippet: entry.snippet)
            result.snippet = entry.snippet
            result.duration = share
            if result.status.passed {
                cache?.storeVerifyResult(key: key, result: CachedVerifyResult(passed: true, durationMs: Int(share * 1000)))
            }
            return (entry.index, result)
        }
    }
}
