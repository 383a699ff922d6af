import Foundation
import KnapMarkdown
import KnapVault
import Mustache

/// What a render did.
public struct RenderReport: Sendable {
    public var notes = 0
    /// Files whose content changed (pages, assets, attachments).
    public var written: [String] = []
    /// Files left alone because they already held the same bytes.
    public var unchanged = 0
    /// Files of an earlier render removed because their source is gone.
    public var removed: [String] = []
    public var attachments = 0
    /// Templates taken from the vault's `.knap/templates/`.
    public var overriddenTemplates: [String] = []
    /// Problems with single files (unreadable notes, scan problems); the render went on.
    public var diagnostics: [Diagnostic] = []
}

/// Renders a vault into a static site: scan, parse, resolve, then draw every page with the
/// templates and write what changed. The driver of the render stage.
public struct SiteRenderer: Sendable {
    public var vault: String
    public var output: String
    public var options: RenderOptions

    public init(vault: String, output: String, options: RenderOptions = RenderOptions()) {
        self.vault = vault
        self.output = output
        self.options = options
    }

    public func render() throws(RenderError) -> RenderReport {
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
        let (library, overridden) = try Templates.library(vault: vaultRoot)
        report.overriddenTemplates = overridden

        // Scan and parse. An output folder inside the vault is not part of it.
        let config: VaultConfig
        do { config = try VaultConfig.load(vault: vaultRoot) } catch {
            report.diagnostics.append(Diagnostic(path: VaultConfig.fileName, line: 1, column: 1, severity: .error,
                                                 code: "bad-config", message: "\(error); using no ignores"))
            config = VaultConfig()
        }
        let scan = VaultScanner(root: vaultRoot, config: config).scan()
        report.diagnostics += scan.diagnostics
        let outputPrefix = outputRoot.hasPrefix(vaultRoot + "/") ? String(outputRoot.dropFirst(vaultRoot.count + 1)) + "/" : nil
        let inVault: (String) -> Bool = { path in outputPrefix.map { !path.hasPrefix($0) } ?? true }
        let notePaths = scan.notes.map(\.path).filter(inVault)
        let attachments = scan.attachments.map(\.path).filter(inVault)
        let outcomes = Parallel.map(notePaths) { VaultReader.read($0, root: vaultRoot) }
        var notes: [Note] = []
        for outcome in outcomes {
            switch outcome {
            case .parsed(let note, _): notes.append(note)
            case .failed(let diagnostic): report.diagnostics.append(diagnostic)
            }
        }
        report.notes = notes.count
        let model = SiteModel(notes: notes, attachments: attachments, options: options)
        let writer = try SiteWriter(root: outputRoot)
        let siteTitle = PlainText.clean(options.siteTitle ?? URL(fileURLWithPath: vaultRoot).lastPathComponent)

        @Sendable func page(_ template: String, _ context: [String: Any], title: String, at path: String) -> String {
            let content = library.render(context.merging(["root": SitePaths.root(from: path), "siteTitle": siteTitle]) { $1 },
                                         withTemplate: template) ?? ""
            return library.render(["title": title, "siteTitle": siteTitle, "root": SitePaths.root(from: path), "content": content],
                                  withTemplate: "layout") ?? content
        }

        // Note pages, in parallel.
        let results = Parallel.map(notes) { note -> Result<SiteWriter.Outcome, RenderError> in
            guard let path = model.paths.pages[note.path] else { return .success(.unchanged) }
            let notePage = NotePage(model: model, note: note, page: path)
            let html = page("note", notePage.context(), title: notePage.title, at: path)
            return Result { () throws(RenderError) in try writer.write(html, to: path) }
        }
        for (note, result) in zip(notes, results) {
            switch result {
            case .success(.written): report.written.append(model.paths.pages[note.path] ?? note.path)
            case .success(.unchanged): report.unchanged += 1
            case .failure(let error): throw error
            }
        }

        var files: [(String, String)] = []
        files.append(("index.html", page("index", indexContext(model), title: siteTitle, at: "index.html")))
        for (tag, path) in model.tagPaths.sorted(by: { $0.key < $1.key }) {
            let name = PlainText.clean(model.tagNames[tag] ?? tag)
            let list: [[String: Any]] = (model.tagged[tag] ?? []).compactMap { notePath in
                guard let note = model.notes[notePath], let site = model.paths.pages[notePath] else { return nil }
                return ["title": PlainText.clean(model.title(of: note)), "href": URLText.href(SitePaths.relative(from: path, to: site))]
            }
            files.append((path, page("tag", ["name": name, "notes": list], title: "#" + name, at: path)))
        }
        files.append(("search.html", page("search", [:], title: "Search", at: "search.html")))
        files.append(("404.html", page("notfound", [:], title: "Not found", at: "404.html")))
        files.append(("_knap/style.css", Stylesheet.css))
        files.append(("_knap/search.js", SearchScript.js))
        files.append(("_knap/search-index.js", try SearchIndex.script(notes.compactMap { SearchIndex.entry(for: $0, model: model) })))
        for (path, text) in files { record(try writer.write(text, to: path), path, in: &report) }

        for attachment in attachments {
            guard let path = model.paths.pages[attachment] else { continue }
            record(try writer.copy(from: vaultRoot + "/" + attachment, to: path), path, in: &report)
            report.attachments += 1
        }
        report.removed = try writer.finish()
        return report
    }

    private func record(_ outcome: SiteWriter.Outcome, _ path: String, in report: inout RenderReport) {
        if outcome == .written { report.written.append(path) } else { report.unchanged += 1 }
    }

    private func indexContext(_ model: SiteModel) -> [String: Any] {
        var folders: [String: [[String: Any]]] = [:]
        for path in model.notePaths {
            guard let note = model.notes[path], let site = model.paths.pages[path] else { continue }
            let folder = path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : ""
            folders[folder, default: []].append(["title": PlainText.clean(model.title(of: note)), "href": URLText.href(site)])
        }
        let folderList: [[String: Any]] = folders.keys.sorted().map { folder in
            ["name": folder.isEmpty ? "/" : PlainText.clean(folder), "notes": folders[folder] ?? []]
        }
        let tags: [[String: Any]] = model.tagPaths.keys.sorted().compactMap { tag in
            guard let path = model.tagPaths[tag] else { return nil }
            return ["name": PlainText.clean(model.tagNames[tag] ?? tag), "href": URLText.href(path), "count": model.tagged[tag]?.count ?? 0]
        }
        return ["folders": folderList, "tags": tags, "hasTags": !tags.isEmpty, "noteCount": model.notes.count]
    }

    static func absolute(_ path: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        var standardized = url.standardizedFileURL.path
        while standardized.count > 1 && standardized.hasSuffix("/") { standardized.removeLast() }
        return standardized
    }
}
