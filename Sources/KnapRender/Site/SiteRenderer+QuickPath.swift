import Foundation
import KnapMarkdown
import KnapVault
import Mustache

/// What the start of a render worked out, for ``SiteRenderer/quickRender(_:cache:report:)``.
struct QuickInput: Sendable {
    var vaultRoot: String
    var outputRoot: String
    var noteFiles: [ScannedFile]
    var attachmentFiles: [ScannedFile]
    var templates: (library: MustacheLibrary, overridden: [String], texts: [String])
    var siteTitle: String
    var verifyRecords: [SnippetRecord]
}

extension SiteRenderer {
    /// An incremental render that does work in proportion to what changed: it compares every
    /// note's size and modification time with the cache, and reads the cache lines of only the
    /// notes it needs (the changed ones, the pages they affect, what those pages show). Site paths
    /// and tag pages are the cache's: the fingerprint holds the list of files, and the tags stay
    /// the same.
    ///
    /// It applies when every note is in the cache and still readable, and no changed note's title
    /// or tags changed (the index and tag pages stay as they are, and so does the list of files,
    /// hence the manifest). Otherwise it returns nil before writing anything, and the caller
    /// renders from every note's summary.
    func quickRender(_ input: QuickInput, cache: RenderCache, report start: RenderReport) throws(RenderError) -> RenderReport? {
        var report = start
        // The scan and the cache list the notes in the same order: they are compared side by side.
        guard cache.order.count == input.noteFiles.count else { return nil }
        var changedFiles: [ScannedFile] = []
        for (file, (path, entry)) in zip(input.noteFiles, zip(cache.order, cache.entries)) {
            guard file.path == path else { return nil }
            if entry.size != file.size || entry.mtime != file.mtime { changedFiles.append(file) }
        }
        // Attachments the last render published keep being published; an SVG that changed goes
        // through the full render (it may no longer be publishable, and its old copy must then go).
        for file in input.attachmentFiles {
            guard let stamp = cache.attachments[file.path], cache.pages[file.path] != nil else { return nil }
            if stamp != RenderCache.privateStamp, stamp != "\(file.size):\(file.mtime)",
               AttachmentPolicy.treatment(of: file.path) == .sanitizeSVG { return nil }
        }
        let paths = SitePaths(pages: cache.pages)
        let changed = Set(changedFiles.map(\.path))

        // The changed notes, parsed and summarised again.
        var parsed: [String: Note] = [:]
        guard read(changedFiles.map(\.path), root: input.vaultRoot, into: &parsed) else { return nil }
        report.parsed = parsed.count
        report.notes = input.noteFiles.count
        report.incremental = true
        report.quick = true
        // Summaries this render looks at: the fresh ones, and those read from the cache.
        var known: [String: NoteSummary] = [:]
        func cached(_ path: String) -> NoteSummary? {
            if let summary = known[path] { return summary }
            let summary = cache.summary(of: path)
            known[path] = summary
            return summary
        }
        var previous: [String: NoteSummary] = [:]
        for path in changed {
            guard let old = cached(path) else { return nil }
            previous[path] = old
        }
        let changedNotes = changedFiles.compactMap { parsed[$0.path] }
        var resolver = Self.resolver(for: changedNotes, input: input)
        guard Self.giveOutlines(to: &resolver, for: changedNotes, parsed: parsed, summary: cached) else { return nil }
        var resolvedLinks: [String: ResolvedLinks] = [:]
        var fresh: [NoteSummary] = []
        for file in changedFiles {
            guard let note = parsed[file.path], let old = previous[file.path] else { return nil }
            let links = ResolvedLinks(note: note, resolver: resolver)
            resolvedLinks[note.path] = links
            let summary = NoteSummary(note: note, file: file, links: links, paths: paths)
            // The set of published attachments changes only on the full render.
            guard summary.title == old.title, summary.tags == old.tags, summary.attachments == old.attachments else { return nil }
            fresh.append(summary)
            known[summary.path] = summary
        }

        // The pages to draw: as ``affected(by:old:all:)`` finds them, asking the cache for the
        // notes that link to or embed a note.
        // The cache lines that mention a note, searched for once per note (both fields use them).
        var mentions: [String: [Range<Int>]] = [:]
        func listing(_ path: String, in field: RenderCache.Field) -> [String]? {
            let lines = mentions[path] ?? cache.lines(mentioning: path)
            mentions[path] = lines
            guard let found = cache.notes(listing: path, in: field, excluding: changed, among: lines) else { return nil }
            let freshOnes = fresh.filter { (field == .embeds ? $0.embeds : $0.linksTo).contains(path) }.map(\.path)
            return freshOnes.isEmpty ? found : (found + freshOnes).sorted()
        }
        var toDraw: Set<String> = []
        for summary in fresh {
            guard let old = previous[summary.path] else { return nil }
            toDraw.insert(summary.path)
            if !summary.sameFace(as: old) {
                toDraw.formUnion(old.linksTo)
                toDraw.formUnion(summary.linksTo)
                guard let linkers = listing(summary.path, in: .linksTo) else { return nil }
                toDraw.formUnion(linkers)
            } else {
                toDraw.formUnion(Set(old.linksTo).symmetricDifference(summary.linksTo))
            }
        }
        var visited = changed
        var frontier = Array(changed)
        while !frontier.isEmpty {
            var next: [String] = []
            for path in frontier {
                guard let embedders = listing(path, in: .embeds) else { return nil }
                next += embedders.filter { visited.insert($0).inserted }
            }
            toDraw.formUnion(next)
            frontier = next
        }
        toDraw = toDraw.filter(cache.contains)
        // Pages missing from the output are drawn too: they are looked for in the folders changed
        // since the last render wrote them. Index and tag pages must all be there.
        let writer = try SiteWriter(root: input.outputRoot)
        let stamps = writer.stamps(of: cache.folderStamps.keys)
        let changedFolders = Set(cache.folderStamps.keys.filter { stamps[$0] != cache.folderStamps[$0] })
        if !changedFolders.isEmpty {
            var byPage: [String: String] = [:]
            for path in cache.order where !toDraw.contains(path) {
                if let page = paths.pages[path], changedFolders.contains(String(SiteWriter.folder(of: page))) { byPage[page] = path }
            }
            for page in writer.missingFiles(of: Array(byPage.keys)) { if let path = byPage[page] { toDraw.insert(path) } }
        }
        let listPages = ["index.html"] + cache.tagPages.values.sorted()
        guard listPages.allSatisfy(writer.exists) else { return nil }

        // The notes those pages need: themselves and what they embed.
        var needed = toDraw
        frontier = Array(toDraw)
        for _ in 0...options.maxEmbedDepth where !frontier.isEmpty {
            var next: [String] = []
            for path in frontier {
                guard let summary = cached(path) else { return nil }
                next += summary.embeds.filter { cache.contains($0) && needed.insert($0).inserted }
            }
            frontier = next
        }
        let unparsed = needed.filter { parsed[$0] == nil }.sorted()
        guard read(unparsed, root: input.vaultRoot, into: &parsed) else { return nil }
        report.parsed = parsed.count
        let others = unparsed.compactMap { parsed[$0] }
        if !others.isEmpty {
            resolver = Self.resolver(for: Array(parsed.values), input: input)
            guard Self.giveOutlines(to: &resolver, for: Array(parsed.values), parsed: parsed, summary: cached) else { return nil }
            let freshLinks = resolvedLinks
            let all = resolver
            for (path, links) in zip(others.map(\.path), Parallel.map(others) { ResolvedLinks(note: $0, resolver: all) }) {
                resolvedLinks[path] = links
            }
            // The changed notes' links, resolved again with the same outlines, are the same.
            for (path, links) in freshLinks { resolvedLinks[path] = links }
        }
        // Backlinks of the drawn pages, and the summaries of the notes they list (for titles).
        var backlinks: [String: [String]] = [:]
        for path in toDraw {
            guard let linkers = listing(path, in: .linksTo) else { return nil }
            for linker in linkers where cached(linker) == nil { return nil }
            if !linkers.isEmpty { backlinks[path] = linkers }
        }
        // The search index shards that hold a changed note's entry.
        var shards: [(path: String, data: Data)] = []
        let freshByPath = Dictionary(fresh.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for shard in Set(fresh.map { SearchIndex.shard(of: $0.path) }).sorted() {
            guard let (script, entries) = cache.searchEntryRanges(output: input.outputRoot, shard: shard) else { return nil }
            let texts = entries.map { entry in freshByPath[entry.path].map { ArraySlice($0.searchJSON.utf8) } ?? script[entry.range] }
            shards.append((SearchIndex.path(ofShard: shard), SearchIndex.script(bytes: texts)))
        }

        // Everything is known: draw and write.
        var recordsByNote: [String: [Int: SnippetRecord]] = [:]
        for record in input.verifyRecords { recordsByNote[record.path, default: [:]][record.line] = record }
        let model = SiteModel(drawing: parsed, summaries: known, backlinks: backlinks, tagPaths: cache.tagPages,
                              paths: paths, resolver: resolver, options: options, resolvedLinks: resolvedLinks,
                              verifyRecords: recordsByNote)
        let drawer = PageDrawer(library: input.templates.library,
                                mustache: mustacheOnly ? Set(Templates.names) : Set(input.templates.overridden),
                                siteTitle: input.siteTitle, options: options)
        let drawn = toDraw.sorted().filter { parsed.index(forKey: $0) != nil }
        try writer.makeFolders(for: drawn.compactMap { paths.pages[$0] })
        try drawPages(of: drawn, model: model, drawer: drawer, writer: writer, report: &report)
        report.unchanged += cache.order.count - toDraw.count + listPages.count
        for (path, text) in Self.fixedFiles(drawer) { record(try writer.write(text, to: path), path, in: &report) }
        for file in input.attachmentFiles {
            guard let path = paths.pages[file.path], let stamp = cache.attachments[file.path],
                  stamp != RenderCache.privateStamp else { continue }
            _ = try publish(file, at: path, cachedStamp: stamp, vaultRoot: input.vaultRoot, writer: writer, report: &report)
        }
        for (path, data) in shards { record(try writer.write(data, to: path, compare: false), path, in: &report) }
        report.unchanged += SearchIndex.shardCount - shards.count
        // The folders written into have new times; the others are as they were looked at.
        var newStamps = stamps
        newStamps.merge(writer.stamps(of: Set(toDraw.compactMap { paths.pages[$0].map { String(SiteWriter.folder(of: $0)) } })))
            { _, new in new }
        if !fresh.isEmpty || newStamps != cache.folderStamps {
            try writer.overwrite(cache.replacing(fresh, folderStamps: newStamps), to: RenderCache.path)
        }
        // The files of the site are those of the last render: its manifest stays as it is.
        return report
    }

    /// Reads and parses `paths` in parallel; false when one cannot be read.
    private func read(_ paths: [String], root: String, into parsed: inout [String: Note]) -> Bool {
        for outcome in Parallel.map(paths, { VaultReader.read($0, root: root) }) {
            guard case .parsed(let note, _) = outcome else { return false }
            parsed[note.path] = note
        }
        return true
    }

    /// A resolver that finds the files the links of `notes` can land on, and only those: building
    /// one for every file of a large vault cost more than the rest of a small re-render. (It gives
    /// no hints for links that do not resolve, which pages do not show.)
    static func resolver(for notes: [Note], input: QuickInput) -> LinkResolver {
        var names: Set<String> = []
        for note in notes {
            for link in note.links where !link.target.isEmpty {
                names.formUnion(LinkResolver.fileNames(forTarget: link.target, from: note.path))
            }
        }
        return LinkResolver(notePaths: input.noteFiles.map(\.path), attachments: input.attachmentFiles.map(\.path),
                            aliases: [:], names: names)
    }

    /// Gives `resolver` the outlines of `notes` and of the notes their links point into.
    static func giveOutlines(to resolver: inout LinkResolver, for notes: [Note], parsed: [String: Note],
                             summary: (String) -> NoteSummary?) -> Bool {
        for note in notes {
            resolver.setOutline(NoteOutline(note), for: note.path)
        }
        for note in notes {
            for link in note.links where !link.target.isEmpty && (link.heading != nil || link.block != nil) {
                guard case .resolved(let path, _) = resolver.resolveFile(link.target, from: note.path),
                      resolver.outline(of: path) == nil, path.lowercased().hasSuffix(".md") else { continue }
                if let target = parsed[path] {
                    resolver.setOutline(NoteOutline(target), for: path)
                } else {
                    guard let target = summary(path) else { return false }
                    resolver.setOutline(target.outline, for: path)
                }
            }
        }
        return true
    }
}
