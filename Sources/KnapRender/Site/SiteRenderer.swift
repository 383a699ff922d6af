import Foundation
import KnapMarkdown
import KnapVault

/// What a render did.
public struct RenderReport: Sendable {
    public var notes = 0
    /// Notes parsed in this run (all of them on a full render).
    public var parsed = 0
    /// Note pages drawn in this run (all of them on a full render).
    public var drawn = 0
    /// Whether the previous render's cache was used.
    public var incremental = false
    /// Whether the render took the quick path (``SiteRenderer/quickRender(_:cache:report:)``).
    var quick = false
    /// Files whose content changed (pages, assets, attachments).
    public var written: [String] = []
    /// Files left alone because they already held the same bytes, or their sources did not change.
    public var unchanged = 0
    /// Files of an earlier render removed because their source is gone.
    public var removed: [String] = []
    /// What a killed render had left (staging folders beside the output, temporary files in it),
    /// removed: absolute paths.
    public var leftovers: [String] = []
    public var attachments = 0
    /// Templates taken from the vault's `.knap/templates/`.
    public var overriddenTemplates: [String] = []
    /// Problems with single files (unreadable notes, scan problems); the render went on.
    public var diagnostics: [Diagnostic] = []
    /// What the render built (the parsed notes, their summaries, the site model), kept with the
    /// report: freeing 10,000 note trees one by one takes about a tenth of a full render, and a
    /// command that exits right after the render need not wait for it. Dropping the report frees it.
    public var workingSet: RenderWorkingSet?
}

/// The values a render built, held only so that their owner chooses when they are freed
/// (see ``RenderReport/workingSet``).
public final class RenderWorkingSet: Sendable {
    private let values: [any Sendable]

    init(_ values: any Sendable...) {
        self.values = values
    }
}

/// Renders a vault into a static site: scan, parse, resolve, then draw every page with the
/// templates and write what changed. The driver of the render stage.
///
/// Incremental: summaries of the last render's notes are kept in the output folder. A note whose
/// size and modification time are unchanged is not parsed again, and its page is drawn again only
/// when something it shows changed (a note it links to or embeds, its backlinks, a tag page path).
/// When the options, the templates or the set of files change, every page is drawn.
public struct SiteRenderer: Sendable {
    public var vault: String
    public var output: String
    public var options: RenderOptions
    /// Draw every page with Mustache, built-in templates too (to compare with ``BuiltInPages``).
    var mustacheOnly = false

    /// Part of the cache's fingerprint: bump it whenever the HTML drawn for a note changes, so a
    /// site rendered by an older Knap is drawn again in full rather than mixed.
    static let drawingVersion = 3

    public init(vault: String, output: String, options: RenderOptions = RenderOptions()) {
        self.vault = vault
        self.output = output
        self.options = options
    }

    /// Renders the site. Two renders into one output folder take turns: when another holds its lock,
    /// `waiting` is called once, then this one waits (see ``OutputFolder``).
    public func render(waiting: () -> Void = {}) throws(RenderError) -> RenderReport {
        let vaultRoot = Self.absolute(vault)
        let outputRoot = Self.absolute(output)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: vaultRoot, isDirectory: &isFolder), isFolder.boolValue else {
            throw .noVault(vault)
        }
        if vaultRoot == outputRoot || (vaultRoot + "/").hasPrefix(outputRoot + "/") {
            throw .outputContainsVault(output: output, vault: vault)
        }
        var report = RenderReport()
        let outputLock = OutputFolder.lock(outputRoot, waiting: waiting, report: &report)
        defer { outputLock?.store(OutputFolder.done) }
        let templates = try Templates.library(vault: vaultRoot, followExternalSymlinks: options.followExternalSymlinks,
                                                   vaultTemplates: options.vaultTemplates)
        report.overriddenTemplates = templates.overridden

        // Scan. An output folder inside the vault is not part of it.
        let config: VaultConfig
        do { config = try VaultConfig.load(vault: vaultRoot) } catch {
            report.diagnostics.append(Diagnostic(path: VaultConfig.fileName, line: 1, column: 1, severity: .error,
                                                 code: "bad-config", message: "\(error); using no ignores"))
            config = VaultConfig()
        }
        // The previous render's cache is read on a thread of its own while the vault is scanned (on
        // every core); it is used below if its fingerprint matches.
        let loadingCache = Parallel.start { RenderCache.load(output: outputRoot) }
        let scan = VaultScanner(root: vaultRoot, config: config, followExternalSymlinks: options.followExternalSymlinks).scan()
        let previous = loadingCache()
        report.diagnostics += scan.diagnostics
        let outputPrefix = outputRoot.hasPrefix(vaultRoot + "/") ? String(outputRoot.dropFirst(vaultRoot.count + 1)) + "/" : nil
        let inVault: (ScannedFile) -> Bool = { file in outputPrefix.map { !file.path.hasPrefix($0) } ?? true }
        let noteFiles = scan.notes.filter(inVault)
        let attachmentFiles = scan.attachments.filter(inVault)
        let siteTitle = PlainText.clean(options.siteTitle ?? URL(fileURLWithPath: vaultRoot).lastPathComponent)

        // The last verify verdicts, for the badges after code blocks.
        let verifyRecords = Self.verifyRecords(vault: vaultRoot, report: &report)

        // The previous render, if everything that affects every page is the same. Verdicts are
        // rare to change: when one does, every page is drawn.
        let fingerprint = RenderCache.fingerprint(
            ["knap-render", "\(Self.drawingVersion)", "\(options.unsafeHTML)", "\(options.maxEmbedDepth)", siteTitle]
            + templates.texts + noteFiles.map(\.path) + ["--"] + attachmentFiles.map(\.path)
            + ["--verify"] + verifyRecords.map { "\($0.path)\t\($0.line)\t\($0.endLine)\t\($0.language)\t\($0.status)\t\($0.hash)" })
        var cache = previous?.fingerprint == fingerprint ? previous : nil
        let input = QuickInput(vaultRoot: vaultRoot, outputRoot: outputRoot, noteFiles: noteFiles,
                               attachmentFiles: attachmentFiles, templates: templates, siteTitle: siteTitle,
                               verifyRecords: verifyRecords)
        // Most re-renders (a few notes changed, no title, tag or file added or removed) take the
        // quick path, which reads only the cache lines of the notes it needs.
        if let cache, var quick = try quickRender(input, cache: cache, report: report) {
            quick.workingSet = RenderWorkingSet(cache, previous, scan, input)
            return quick
        }
        // Otherwise every note's summary: from the cache, or parsed.
        let old = cache?.allSummaries(output: outputRoot)
        if old == nil { cache = nil }
        report.incremental = cache != nil

        // Parse the notes that are new or changed.
        var parsed: [String: Note] = [:]
        let changed = noteFiles.filter { file in
            guard let old = old?[file.path] else { return true }
            return old.size != file.size || old.mtime != file.mtime
        }
        // Each parsed note's outline is taken where it is parsed.
        let freshOutlines = Parallel.Table<String, NoteOutline>([:], adding: changed.count)
        parse(changed.map(\.path), root: vaultRoot, into: &parsed, outlines: freshOutlines, report: &report)
        let changedPaths = Set(changed.map(\.path))
        let readable = noteFiles.filter { parsed[$0.path] != nil || (old?[$0.path] != nil && !changedPaths.contains($0.path)) }
        report.notes = readable.count

        // Resolve against every note's outline, new or remembered.
        var outlines = freshOutlines.take()
        if let old {
            for file in readable where outlines[file.path] == nil {
                if let summary = old[file.path] { outlines[file.path] = summary.outline }
            }
        }
        let attachments = attachmentFiles.map(\.path)
        let vaultPaths = noteFiles.map(\.path) + attachments
        let noteOutlines = outlines
        let (resolver, paths) = Parallel.both({ LinkResolver(notes: noteOutlines, attachments: attachments) },
                                              { SitePaths(vaultPaths: vaultPaths) })
        let fileByPath = Dictionary(noteFiles.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        // Each changed note's links are resolved once, for its summary and (below) its page.
        // By path: each worker looks its note up in `parsed` (the notes are not copied into a list).
        let parsedNotes = parsed
        // The summaries of the notes not parsed come from the cache; the workers put the fresh
        // summaries and links straight into their tables.
        var remembered: [String: NoteSummary] = [:]
        if let old {
            for file in readable where parsed.index(forKey: file.path) == nil { remembered[file.path] = old[file.path] }
        }
        let summaryTable = Parallel.Table(consume remembered, adding: parsed.count)
        let linksTable = Parallel.Table<String, ResolvedLinks>([:], adding: parsed.count)
        let freshPaths = Parallel.compactMap(Array(parsed.keys)) { path -> String? in
            guard let note = parsedNotes[path] else { return nil }
            let links = ResolvedLinks(note: note, resolver: resolver)
            let summary = NoteSummary(note: note, file: fileByPath[note.path] ?? ScannedFile(path: note.path, size: 0, mtime: 0),
                                      links: links, paths: paths)
            linksTable.set(links, for: path)
            summaryTable.set(summary, for: path)
            return path
        }
        let summaries = summaryTable.take()
        let resolvedLinks = linksTable.take()
        // The fresh summaries, needed as a list only to compare with the cache's.
        let fresh = old == nil ? [] : freshPaths.compactMap { summaries[$0] }

        // Which pages to draw, and the notes they need (themselves and what they embed).
        var toDraw: Set<String>
        if let old {
            // New tags move tag page paths; a note that became readable or unreadable changes
            // what links resolve to. Either way every page is drawn. (The set of all tags can
            // only change when a changed note's tags did: the others are the cache's.)
            let sameNotes = old.count == summaries.count && summaries.keys.allSatisfy { old[$0] != nil }
            let tagsOf = { (summary: NoteSummary?) in Set((summary?.tags ?? []).map { $0.lowercased() }) }
            var sameTags = true
            if fresh.contains(where: { tagsOf($0) != tagsOf(old[$0.path]) }) {
                sameTags = Set(old.values.flatMap { tagsOf($0) }) == Set(summaries.values.flatMap { tagsOf($0) })
            }
            toDraw = sameNotes && sameTags ? Self.affected(by: fresh, old: old, all: summaries) : Set(summaries.keys)
        } else {
            toDraw = Set(summaries.keys)
        }
        // A site rendered into a folder that is not there yet is built in a hidden sibling folder
        // and renamed into place at the end: atomic for the whole site, so its files need not be.
        let staging = FileManager.default.fileExists(atPath: outputRoot) ? nil : OutputFolder.stagingFolder(for: outputRoot)
        let writer = try SiteWriter(root: staging ?? outputRoot, fresh: staging != nil)
        var complete = false
        defer { if let staging, !complete { try? FileManager.default.removeItem(atPath: staging) } }
        let kept = summaries.keys.filter { !toDraw.contains($0) }
        var byPage: [String: String] = [:]
        for path in kept { if let page = paths.pages[path] { byPage[page] = path } }
        for page in writer.missingFiles(of: Array(byPage.keys)) { if let path = byPage[page] { toDraw.insert(path) } }
        // The notes that drawn pages embed, however deep (all of them when every page is drawn).
        var needed = toDraw
        var frontier = toDraw.count < summaries.count ? Array(toDraw) : []
        for _ in 0...options.maxEmbedDepth where !frontier.isEmpty {
            frontier = frontier.flatMap { summaries[$0]?.embeds ?? [] }.filter { needed.insert($0).inserted }
        }
        parse(needed.filter { parsed[$0] == nil && summaries[$0] != nil }.sorted(), root: vaultRoot, into: &parsed, report: &report)
        var recordsByNote: [String: [Int: SnippetRecord]] = [:]
        for record in verifyRecords { recordsByNote[record.path, default: [:]][record.line] = record }
        // The site model (backlinks and tags of every note) is built while the pages' folders are made.
        let drawn = toDraw.sorted().filter { parsed.index(forKey: $0) != nil }
        let pageFolders = drawn.compactMap { paths.pages[$0] }
        let makingFolders = Parallel.start { Result { () throws(RenderError) in try writer.makeFolders(for: pageFolders) } }
        let model = SiteModel(summaries: summaries, notes: parsed, paths: paths, resolver: resolver, options: options,
                              resolvedLinks: resolvedLinks, verifyRecords: recordsByNote)
        try makingFolders().get()
        let drawer = PageDrawer(library: templates.library,
                                mustache: mustacheOnly ? Set(Templates.names) : Set(templates.overridden),
                                siteTitle: siteTitle, options: options)

        // Note pages, in parallel.
        try drawPages(of: drawn, model: model, drawer: drawer, writer: writer, report: &report)
        // The folders of note pages as they are now that the pages are written: the next render
        // looks into a folder only if it changed since.
        let folderStamps = writer.stamps(of: Set(summaries.keys.compactMap { paths.pages[$0].map(SiteWriter.folder(of:)) }).map(String.init))
        for path in summaries.keys where !toDraw.contains(path) {
            guard let page = paths.pages[path] else { continue }
            writer.keep(page)
            report.unchanged += 1
        }

        // Site pages and assets. The index and tag pages show titles and tags only: when no
        // note's title or tags changed (and they are there), they are kept as they are.
        let listsChanged = old == nil || fresh.contains { summary in
            guard let old = old?[summary.path] else { return true }
            return old.title != summary.title || old.tags != summary.tags
        }
        let listPages = ["index.html"] + model.tagPaths.values.sorted()
        let keepLists = !listsChanged && listPages.allSatisfy(writer.exists)
        if keepLists {
            for path in listPages { writer.keep(path) }
            report.unchanged += listPages.count
        }
        // Attachments: only those a note links to or embeds are published, when new or changed
        // (see ``AttachmentPolicy``); the others stay private, and one published before is removed.
        let linked = Set(summaries.values.flatMap(\.attachments))
        var attachmentStamps: [String: String] = [:]
        for file in attachmentFiles {
            guard let path = paths.pages[file.path] else { continue }
            guard linked.contains(file.path) else {
                attachmentStamps[file.path] = RenderCache.privateStamp
                continue
            }
            attachmentStamps[file.path] = try publish(file, at: path, cachedStamp: cache?.attachments[file.path],
                                                      vaultRoot: vaultRoot, writer: writer, report: &report)
        }
        let anyChanged = !freshPaths.isEmpty
        let previousCache = cache
        let allSummaries = summaries
        let stamps = attachmentStamps

        // Three jobs side by side: the site pages and assets, the search index, and the cache.
        typealias Written = [(path: String, result: Result<SiteWriter.Outcome, RenderError>)]
        // The longest job (the cache) first: the two threads take the jobs in this order.
        let jobs: [@Sendable () -> Written] = [
            {
                // Unchanged when no note changed; otherwise it changed, and is not read to compare.
                // Not listed in the report.
                let data = RenderCache.encoded(fingerprint: fingerprint, notes: allSummaries, attachments: stamps,
                                               pages: paths.pages, tagPages: model.tagPaths, folderStamps: folderStamps,
                                               reusing: previousCache,
                                               previousNotes: old)
                let result = Result { () throws(RenderError) in try writer.overwrite(data, to: RenderCache.path, compare: !anyChanged) }
                return [("", result)]
            },
            {
                var files: [(String, String)] = []
                if !keepLists {
                    files.append(("index.html", drawer.draw(.index(indexValues(model)), title: siteTitle, at: "index.html")))
                    for (tag, path) in model.tagPaths.sorted(by: { $0.key < $1.key }) {
                        let name = PlainText.clean(model.tagNames[tag] ?? tag)
                        let list: [SitePage.Item] = (model.tagged[tag] ?? []).compactMap { notePath in
                            guard let site = model.paths.pages[notePath] else { return nil }
                            return .init(text: PlainText.clean(model.title(at: notePath)),
                                         href: URLText.href(SitePaths.relative(from: path, to: site)))
                        }
                        files.append((path, drawer.draw(.tag(name: name, notes: list), title: "#" + name, at: path)))
                    }
                }
                files += Self.fixedFiles(drawer)
                return files.map { path, text in (path, Result { () throws(RenderError) in try writer.write(text, to: path) }) }
            },
            {
                // The search index shards: each is read back to compare (most do not change).
                var entries = Array(repeating: [String](), count: SearchIndex.shardCount)
                for path in model.notePaths {
                    if let json = model.summaries[path]?.searchJSON { entries[SearchIndex.shard(of: path)].append(json) }
                }
                return entries.enumerated().map { shard, entries in
                    let path = SearchIndex.path(ofShard: shard)
                    return (path, Result { () throws(RenderError) in try writer.write(SearchIndex.script(entries), to: path) })
                }
            },
        ]
        for (path, result) in Parallel.map(jobs, { $0() }).joined() {
            let outcome = try result.get()
            if !path.isEmpty { record(outcome, path, in: &report) }
        }

        report.removed = try writer.finish()
        if let staging {
            guard rename(staging, outputRoot) == 0 else {
                throw .cannotCreate(outputRoot, reason: String(cString: strerror(errno)))
            }
        }
        complete = true
        report.workingSet = RenderWorkingSet(model, parsed, summaries, fresh, resolvedLinks, outlines, old, previous, scan, input)
        return report
    }

    /// Draws and writes the pages of `notes` (all parsed, their folders made: see
    /// ``SiteWriter/makeFolders(for:)``), in parallel, and records what was written.
    ///
    /// The work is handed out in runs of pages of one site folder, so that the threads mostly
    /// create files in different folders, side by side (the writer lets one thread at a time
    /// create files in a folder).
    func drawPages(of paths: [String], model: SiteModel, drawer: PageDrawer, writer: SiteWriter,
                   report: inout RenderReport) throws(RenderError) {
        // Notes are looked up by the workers that draw them, not copied into lists here.
        report.drawn = paths.count
        var runs: [[String]] = []
        var lastFolder: Substring?
        for path in paths {
            let folder = model.paths.pages[path].map(SiteWriter.folder(of:))
            if folder != lastFolder || (runs.last?.count ?? 0) >= 64 || runs.isEmpty {
                runs.append([])
                lastFolder = folder
            }
            runs[runs.count - 1].append(path)
        }
        let results = Parallel.map(runs) { run in
            run.map { notePath -> Result<SiteWriter.Outcome, RenderError> in
                guard let path = model.paths.pages[notePath], let note = model.notes[notePath] else { return .success(.unchanged) }
                let notePage = NotePage(model: model, note: note, page: path)
                let html = drawer.draw(.note(notePage.values()), title: notePage.title, at: path)
                return Result { () throws(RenderError) in try writer.write(html, to: path) }
            }
        }.joined()
        for (notePath, result) in zip(paths, results) {
            let path = model.paths.pages[notePath] ?? notePath
            switch result {
            case .success(let outcome): record(outcome, path, in: &report)
            case .failure(let error): throw error
            }
        }
    }

    /// The site's pages and assets that do not depend on the notes.
    static func fixedFiles(_ drawer: PageDrawer) -> [(path: String, text: String)] {
        [("search.html", drawer.draw(.search, title: "Search", at: "search.html")),
         ("404.html", drawer.draw(.notFound, title: "Not found", at: "404.html")),
         ("_knap/style.css", Stylesheet.css),
         ("_knap/search.js", SearchScript.js)]
    }

    /// The verdicts `knap verify` recorded in the vault's index (`.knap/index.sqlite`), sorted by
    /// path and line; none when there is no index. An index that cannot be read is a warning.
    static func verifyRecords(vault: String, report: inout RenderReport) -> [SnippetRecord] {
        do {
            return try VaultIndex.snippetRecords(indexAt: VaultIndex.defaultPath(vault: vault))
        } catch {
            report.diagnostics.append(Diagnostic(path: ".knap/index.sqlite", line: 1, column: 1, severity: .warning,
                                                 code: "verify-results", message: "\(error); no verify badges"))
            return []
        }
    }

    /// Reads and parses `paths` in parallel; unreadable notes become diagnostics. Each worker puts its
    /// note straight into the table (and its outline into `outlines`, when given): nothing is left
    /// to move on this thread afterwards.
    private func parse(_ paths: [String], root: String, into parsed: inout [String: Note],
                       outlines: Parallel.Table<String, NoteOutline>? = nil, report: inout RenderReport) {
        guard !paths.isEmpty else { return }
        let before = parsed.count
        // The table is moved in, not copied: `parsed` lets go of it first.
        var notes: [String: Note] = [:]
        swap(&notes, &parsed)
        let table = Parallel.Table(consume notes, adding: paths.count)
        let diagnostics = Parallel.compactMap(paths) { path -> Diagnostic? in
            switch VaultReader.read(path, root: root) {
            case .parsed(let note, _):
                let key = note.path
                outlines?.set(NoteOutline(note), for: key)
                table.set(note, for: key)
                return nil
            case .failed(let diagnostic):
                return diagnostic
            }
        }
        parsed = table.take()
        report.parsed += parsed.count - before
        report.diagnostics += diagnostics
    }

    /// The notes whose pages change when `fresh` summaries replace `old` ones (the file set being
    /// the same): the changed notes, notes linking to one whose title or outline changed, notes
    /// whose backlinks changed, and every note that embeds a changed note, however deep.
    static func affected(by fresh: [NoteSummary], old: [String: NoteSummary], all: [String: NoteSummary]) -> Set<String> {
        var affected: Set<String> = []
        var contentChanged: [String] = []
        // Notes whose linkers are affected too: those whose title or outline changed, and new ones.
        var linkedFaces: Set<String> = []
        for summary in fresh {
            let previous = old[summary.path]
            guard previous != summary else { continue }
            affected.insert(summary.path)
            contentChanged.append(summary.path)
            if let previous {
                if !summary.sameFace(as: previous) {
                    linkedFaces.insert(summary.path)
                    affected.formUnion(previous.linksTo)
                    affected.formUnion(summary.linksTo)
                } else {
                    affected.formUnion(Set(previous.linksTo).symmetricDifference(summary.linksTo))
                }
            } else {
                affected.formUnion(summary.linksTo)
                linkedFaces.insert(summary.path)
            }
        }
        // One pass over every note for the linkers (cheaper than a map of every note's linkers).
        if !linkedFaces.isEmpty {
            for summary in all.values where summary.linksTo.contains(where: linkedFaces.contains) {
                affected.insert(summary.path)
            }
        }
        // Everything that embeds a changed note, transitively.
        var embedders: [String: [String]] = [:]
        if !contentChanged.isEmpty {
            for summary in all.values where !summary.embeds.isEmpty {
                for target in summary.embeds { embedders[target, default: []].append(summary.path) }
            }
        }
        var visited = Set(contentChanged)
        var frontier = contentChanged
        while !frontier.isEmpty {
            frontier = frontier.flatMap { embedders[$0] ?? [] }.filter { visited.insert($0).inserted }
            affected.formUnion(frontier)
        }
        return affected.filter { all[$0] != nil }
    }

    func record(_ outcome: SiteWriter.Outcome, _ path: String, in report: inout RenderReport) {
        if outcome == .written { report.written.append(path) } else { report.unchanged += 1 }
    }

    private func indexValues(_ model: SiteModel) -> SitePage.IndexValues {
        var folders: [String: [SitePage.Item]] = [:]
        for path in model.notePaths {
            guard let site = model.paths.pages[path] else { continue }
            let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
            folders[folder, default: []].append(.init(text: PlainText.clean(model.title(at: path)), href: URLText.href(site)))
        }
        let folderList = folders.keys.sorted().map { folder in
            SitePage.IndexValues.Folder(name: folder.isEmpty ? "/" : PlainText.clean(folder), notes: folders[folder] ?? [])
        }
        let tags: [SitePage.IndexValues.Tag] = model.tagPaths.keys.sorted().compactMap { tag in
            guard let path = model.tagPaths[tag] else { return nil }
            return .init(name: PlainText.clean(model.tagNames[tag] ?? tag), href: URLText.href(path), count: model.tagged[tag]?.count ?? 0)
        }
        return SitePage.IndexValues(folders: folderList, tags: tags, noteCount: model.summaries.count)
    }

    static func absolute(_ path: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        var standardized = url.standardizedFileURL.path
        while standardized.count > 1 && standardized.hasSuffix("/") { standardized.removeLast() }
        return standardized
    }
}
