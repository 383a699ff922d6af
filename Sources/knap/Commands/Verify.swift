import ArgumentParser
import Foundation
import KnapMarkdown
import KnapVault
import KnapVerify

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Run every code snippet in the notes and compare it with the output the note expects.",
        discussion: """
            Swift, Python and shell fences run, each in its own sandbox (bubblewrap): no network, no files but \
            its own folder and the toolchains, as an unprivileged user. Other fences are skipped and counted. \
            Exit status 1 when a snippet failed, 2 when no sandbox can be made (see --no-sandbox).
            """
    )

    @Argument(help: "Note files or folders (default: the whole vault).")
    var paths: [String] = []

    @OptionGroup var vaultOptions: VaultOptions

    @Option(help: "Output format: text (one line per snippet) or json.")
    var format: OutputFormat = .text

    @Option(name: .customLong("junit"), help: "Also write a JUnit XML report to this file.")
    var junitFile: String?

    @Option(name: [.customShort("j"), .customLong("jobs")], help: "Snippets run at once (default: the number of cores).")
    var jobs: Int?

    @Option(help: "Seconds a snippet may run before it is killed, unless its fence says timeout=.")
    var timeout: Double = 10

    @Option(help: "Verify only snippets whose note path or heading contains this text.")
    var filter: String?

    @Option(help: "Verify only part K of N (1-based, like 2/4), a stable split for parallel CI machines.")
    var shard: String?

    @Flag(help: "Write each snippet's actual output into its note as the expected output.")
    var bless = false

    @Flag(name: .customLong("no-cache"), help: "Run and compile every snippet: no stored results, no cached binaries.")
    var noCache = false

    @Flag(name: .customLong("no-merge"), help: "Compile every Swift snippet on its own instead of together in one module.")
    var noMerge = false

    @Flag(name: .customLong("no-sandbox"),
          help: "Run snippets and compilers without the sandbox, with all your rights and the network (where bubblewrap cannot run).")
    var noSandbox = false

    @Flag(name: .customLong("allow-network"), help: "Give the network to snippets whose fence says `network`.")
    var allowNetwork = false

    @Flag(help: "Fail snippets that ran without any expected output (reported as RAN otherwise).")
    var strict = false

    @Flag(name: .customLong("skip-missing-modules"),
          help: "Skip, instead of failing, snippets that fail only because a module they import is not installed.")
    var skipMissingModules = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds") }
        if let shard, Self.parseShard(shard) == nil {
            throw ValidationError("--shard must be K/N with 1 ≤ K ≤ N, like 2/4")
        }
    }

    static func parseShard(_ text: String) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index)
        else { return nil }
        return (index, count)
    }

    @OptionGroup var output: OutputOptions

    func run() async throws {
        output.apply()
        var options = VerifyOptions(jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        options.timeout = timeout
        options.filter = filter
        options.shard = shard.flatMap(Self.parseShard)
        options.useCache = !noCache && !bless
        options.merge = !noMerge
        options.sandbox = !noSandbox
        options.allowNetwork = allowNetwork
        options.strict = strict
        options.skipMissingModules = skipMissingModules
        let location = try vaultOptions.located(paths: paths).location
        let vault = location.path
        if !noCache {
            options.binaryCacheDirectory = (vault as NSString).appendingPathComponent(".knap/cache")
        }
        let registry = RunnerRegistry.standard
        let (markers, configProblems) = Self.outputMarkers(vault: vault)
        var extractor = SnippetExtractor(registry: registry, outputMarkers: markers)
        var badConfig = configProblems
        do {
            extractor.sessionDefaults = try SessionDefaults.load(vault: vault)
        } catch {
            if badConfig.isEmpty {
                badConfig.append(Diagnostic(path: (vault as NSString).appendingPathComponent(VaultConfig.fileName), line: 1, column: 1,
                                            severity: .error, code: "invalid-config", message: "\(error)"))
            }
        }
        let collector = NoteCollector(extractor: extractor)
        let (files, missing) = paths.isEmpty ? collector.vaultNoteFiles(
            root: vault, followExternalSymlinks: vaultOptions.scan.followExternalSymlinks) : collector.noteFiles(paths)
        let (allItems, problems) = collector.items(files: files)
        let unreadable = problems.filter { $0.severity == .error }
        Terminal.diagnostics(badConfig + missing + problems)
        SandboxedProcess.killChildrenOnInterrupt()
        // With --no-cache the vault's .knap/ is left alone: no results are read or kept.
        let index = noCache ? nil : openIndex(vault: vault)
        let cache: any VerifyResultCache = index.map { VaultVerifyResultCache(index: $0) } ?? InMemoryVerifyResultCache()
        let verifier = Verifier(registry: registry, options: options, cache: cache)
        let items = verifier.select(allItems)
        try checkSandbox(items)

        let progress = format == .text ? VerifyProgress(total: items.count) : nil
        let results = await verifier.run(items, onStart: { index in progress?.started("\(items[index].path):\(items[index].line)") }) { _, result in
            progress?.clear()
            if format == .text { Terminal.result(VerifyReport.text(result), failed: result.status == .fail) }
            progress?.finished()
        }
        progress?.clear()

        if let index { record(results, in: index, vault: vault) }
        if bless { blessNotes(results) }
        let summary = VerifyReport.Summary(results)
        switch format {
        case .text:
            if let ranLine = summary.ranLine { Terminal.out(ranLine) }
            Terminal.always(summary.line)  // CI reads it, even with --quiet
        case .json: try Terminal.json(VerifyReport.JSON(results: results) { Self.vaultRelative($0, vault: vault) ?? $0 }, vault: location.root)
        }
        if let junitFile {
            do {
                try Data(VerifyReport.junit(results).utf8).write(to: URL(fileURLWithPath: junitFile), options: .atomic)
            } catch {
                Terminal.error("error: \(junitFile): cannot write the JUnit report: \(error.localizedDescription)")
            }
        }
        if summary.failed > 0 || !badConfig.isEmpty || !missing.isEmpty || !unreadable.isEmpty { throw ExitCode.failure }
    }

    /// Refuses to run snippets (exit 2) where no sandbox can be made, unless `--no-sandbox`; with it,
    /// the report's first line says that snippets run unconfined.
    private func checkSandbox(_ items: [VerifyItem]) throws {
        if noSandbox {
            let warning = "warning: --no-sandbox: snippets and compilers run unconfined, with your rights and the network"
            if format == .text { Terminal.out(warning) } else { Terminal.error(warning) }
            return
        }
        guard items.contains(where: { if case .snippet = $0 { true } else { false } }), let problem = Sandbox.problem else { return }
        Terminal.error("error: cannot run snippets safely: \(problem)")
        throw ExitCode(2)
    }

    /// `verify: {outputMarkers: […]}` from the vault's `knap.yaml`, and the error when it cannot be read.
    static func outputMarkers(vault: String) -> ([String], [Diagnostic]) {
        do {
            return (try VaultConfig.load(vault: vault).outputMarkers, [])
        } catch {
            return ([], [Diagnostic(path: (vault as NSString).appendingPathComponent(VaultConfig.fileName), line: 1, column: 1,
                                    severity: .error, code: "invalid-config", message: "\(error)")])
        }
    }

    /// The vault's index database: it keeps the result cache and each snippet's last verdict.
    /// When it cannot be opened (a warning says why), results are not kept between runs.
    private func openIndex(vault: String) -> VaultIndex? {
        do {
            let (index, warnings) = try VaultIndex.open(vault: vault, at: vaultOptions.index) {
                Terminal.error("knap: waiting for another knap process to finish updating the index…")
            }
            for warning in warnings { Terminal.error("warning: \(warning)") }
            return index
        } catch {
            Terminal.error("warning: results are not kept: \(error)")
            return nil
        }
    }

    /// Keeps each snippet's verdict by vault-relative path and fence line, for `knap render`'s badges.
    /// Notes outside the vault are not recorded.
    private func record(_ results: [SnippetResult], in index: VaultIndex, vault: String) {
        let now = Date()
        var relative: [String: String?] = [:]
        let records = results.compactMap { result -> SnippetRecord? in
            if relative[result.path] == nil { relative[result.path] = Self.vaultRelative(result.path, vault: vault) }
            guard let path = relative[result.path] ?? nil else { return nil }
            return result.record(path: path, at: now)
        }
        do {
            try index.storeSnippetRecords(records)
        } catch {
            Terminal.error("warning: last results are not recorded: \(error)")
        }
    }

    /// `path` relative to the vault folder, or nil when it is not inside it.
    static func vaultRelative(_ path: String, vault: String) -> String? {
        func absolute(_ path: String) -> String {
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path)
                : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
            return url.standardizedFileURL.path
        }
        let root = absolute(vault)
        let prefix = root.hasSuffix("/") ? root : root + "/"
        let file = absolute(path)
        return file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : nil
    }

    private func blessNotes(_ results: [SnippetResult]) {
        var byPath: [String: [SnippetResult]] = [:]
        var order: [String] = []
        for result in results where result.snippet != nil {
            if byPath[result.path] == nil { order.append(result.path) }
            byPath[result.path, default: []].append(result)
        }
        for path in order {
            do {
                let count = try Blesser.bless(path: path, results: byPath[path] ?? [])
                if count > 0 { Terminal.error("blessed \(path): \(count) snippet\(count == 1 ? "" : "s")") }
            } catch {
                Terminal.error("error: \(error)")
            }
        }
    }
}
