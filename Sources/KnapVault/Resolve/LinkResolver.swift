import KnapMarkdown

/// Resolves links against the files of a vault, as Obsidian does. Pure: it never touches the disk
/// or the index, so the same rules serve `knap check`, the index and the renderer.
///
/// For a target `x` (from a note at `source`), the first rule that finds something decides:
/// 1. `x` (or `x.md`) is an exact vault-relative path.
/// 2. `x` (or `x.md`) is a path relative to the source note's folder.
/// 3. `x` (or `x.md`) is a unique file name or path suffix. On a clash, a file in the source's own
///    folder wins; otherwise the link is ambiguous.
///
/// Every rule is tried with exact case first; only when all fail are they tried ignoring case.
/// Names are compared in Unicode NFC. Attachments need their extension. Frontmatter aliases do not
/// resolve (`[[Alias]]` alone is unresolved, with a hint naming the note); `#H1#H2` must name a heading
/// chain in the target and `#^id` one of its block ids.
public struct LinkResolver: Sendable {
    /// NFC path → path as given.
    private var exact: [String: String] = [:]
    /// Lower-cased NFC file name → (path as given, its NFC form).
    private var byName: [String: [(path: String, nfc: String)]] = [:]
    /// Lower-cased NFC alias → note paths.
    private var byAlias: [String: [String]] = [:]
    /// Lower-cased NFC file name without extension → attachment paths, for "did you mean" hints.
    private var attachmentStems: [String: [String]] = [:]
    /// Lower-cased NFC folder paths that hold files, for "that is a folder" hints.
    private var folders: Set<String> = []
    /// Note path as given → its outline.
    private var outlines: [String: NoteOutline] = [:]

    /// - Parameters:
    ///   - notes: every note's vault-relative path and outline.
    ///   - attachments: every other file's vault-relative path.
    public init(notes: [String: NoteOutline], attachments: [String]) {
        self.init(notePaths: Array(notes.keys), attachments: attachments, aliases: notes.mapValues(\.aliases))
        outlines = notes
    }

    /// A resolver that knows every file but only the aliases of the notes, not yet their headings
    /// and block ids: give those with ``setOutline(_:for:)`` before resolving links into them.
    /// (The index uses this to load outlines only for the notes that links point into.)
    public init(notePaths: [String], attachments: [String], aliases: [String: [String]]) {
        self.init(notePaths: notePaths, attachments: attachments, aliases: aliases, names: nil)
    }

    /// A resolver that finds only the files whose lower-cased NFC name is in `names` (all when nil):
    /// enough for links whose ``fileNames(forTarget:from:)`` are all in `names`, and cheaper to build when
    /// few links are resolved in a large vault. Folder and attachment hints still know every file.
    /// (``contains(_:)`` answers only for the files it finds.)
    public init(notePaths: [String], attachments: [String], aliases: [String: [String]], names: Set<String>?) {
        // With `names`, a quick hash of each file's name rules out most files before their name keys are made.
        let filter = names.map(NameFilter.init)
        // Each folder's chain is added once. The scan lists files a folder at a time, so a path's folder
        // is compared with the last one's first; other orders (a dictionary's keys) find it in `seen`.
        var lastFolder: [UInt8]?
        var seen: Set<String> = []
        var found: (notes: [String], attachments: [String]) = ([], [])
        for (index, path) in (notePaths + attachments).enumerated() {
            var path = path
            let (newFolder, candidate) = path.withUTF8 { bytes in
                let slash = bytes.lastIndex(of: UInt8(ascii: "/"))
                let folder = bytes[..<(slash ?? 0)]
                var new = false
                if lastFolder.map({ !$0.elementsEqual(folder) }) ?? true {
                    lastFolder = Array(folder)
                    new = seen.insert(String(decoding: folder, as: UTF8.self)).inserted
                }
                return (new, filter?.mayHold(name: bytes[(slash.map { $0 + 1 } ?? 0)...]) ?? true)
            }
            if newFolder { addFolders(of: path) }
            guard candidate else { continue }
            if index < notePaths.count { found.notes.append(path) } else { found.attachments.append(path) }
        }
        // Files are added in path order, notes first.
        for path in found.notes.sorted() + found.attachments.sorted() {
            if let names, !names.contains(VaultPath.nameKeyWithExtension(of: path)) { continue }
            add(path)
        }
        addAliases(aliases)
        for path in attachments {
            let name = VaultPath.nameKeyWithExtension(of: path)
            if let dot = name.lastIndex(of: "."), dot != name.startIndex {
                attachmentStems[String(name[..<dot]), default: []].append(path)
            }
        }
    }

    /// Adds note aliases (note path → its aliases), for the hints of unresolved links.
    mutating func addAliases(_ aliases: [String: [String]]) {
        for (path, names) in aliases {
            for alias in names {
                byAlias[VaultPath.nfc(alias).lowercased(), default: []].append(path)
            }
        }
    }

    private mutating func add(_ path: String) {
        let key = VaultPath.nfc(path)
        exact[key] = path
        byName[VaultPath.nameKeyWithExtension(of: key), default: []].append((path, key))
    }

    private mutating func addFolders(of path: String) {
        var folder = VaultPath.nfc(VaultPath.folder(of: path)).lowercased()
        while !folder.isEmpty, folders.insert(folder).inserted { folder = VaultPath.folder(of: folder) }
    }

    /// The lower-cased NFC file names that resolving `[[rawTarget]]` from `source` looks up: a file the
    /// link can land on has one of them.
    public static func fileNames(forTarget rawTarget: String, from source: String) -> [String] {
        let target = stripped(rawTarget)
        let folder = VaultPath.nfc(VaultPath.folder(of: source))
        return forms(of: target).flatMap { form in
            [form, VaultPath.join(folder, form)].compactMap { $0.map(VaultPath.nameKeyWithExtension(of:)) }
        }
    }

    /// The paths a target is looked up as: a note's as written; anything else with `.md` first.
    private static func forms(of target: String) -> [String] {
        VaultPath.isNote(target) ? [target] : [target + ".md", target]
    }

    /// Whether `path` is a file of the vault (exactly as given).
    public func contains(_ path: String) -> Bool {
        exact[VaultPath.nfc(path)] != nil
    }

    /// The outline of the note at `path`, if it is a note of the vault and its outline was given.
    public func outline(of path: String) -> NoteOutline? {
        outlines[path]
    }

    /// Gives the headings and block ids of the note at `path`.
    public mutating func setOutline(_ outline: NoteOutline, for path: String) {
        outlines[path] = outline
    }

    /// Resolves `link`, written in the note at vault-relative path `source`.
    public func resolve(_ link: Link, from source: String) -> LinkResolution {
        let file: LinkResolution
        if link.target.isEmpty {
            file = .resolved(path: source, anchor: nil)
        } else {
            file = resolveFile(link.target, from: source)
        }
        return resolve(link, from: source, file: file)
    }

    /// Resolves `link` when its file part is already resolved (`file`, from ``resolveFile(_:from:)``).
    func resolve(_ link: Link, from source: String, file: LinkResolution) -> LinkResolution {
        guard case .resolved(let path, _) = file else { return file }
        if let block = link.block {
            return resolveBlock(block, in: path)
        }
        if let heading = link.heading {
            return resolveHeading(heading, in: path)
        }
        return file
    }

    /// Resolves only the file part of a link target (`Note`, `folder/Note.md`, `Figure 1.png`).
    public func resolveFile(_ rawTarget: String, from source: String) -> LinkResolution {
        if let path = onlyFileNamed(rawTarget) { return .resolved(path: path, anchor: nil) }
        return resolveFileByRules(rawTarget, from: source)
    }

    /// Most links, decided without the rules' string work: an ASCII target with no `/` and no
    /// leading `.` (so in NFC, relative to nothing), whose name only one file has, in exactly this
    /// case, and whose other form (`x` besides `x.md`) no file has. That file is then the only
    /// candidate of every rule, and the suffix rule always finds it: the rules give it too.
    private func onlyFileNamed(_ target: String) -> String? {
        guard let first = target.utf8.first, first != UInt8(ascii: "."),
              target.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "/") }) else { return nil }
        let forms = Self.forms(of: target)
        guard let named = byName[forms[0].lowercased()], named.count == 1,
              VaultPath.name(of: named[0].nfc) == forms[0] else { return nil }
        if forms.count == 2, byName[forms[1].lowercased()] != nil { return nil }
        return named[0].path
    }

    /// ``resolveFile(_:from:)`` by the rules alone.
    func resolveFileByRules(_ rawTarget: String, from source: String) -> LinkResolution {
        let absolute = rawTarget.hasPrefix("/")
        let target = Self.stripped(rawTarget)
        let relativeOnly = target.hasPrefix("./") || target.hasPrefix("../")
        let folder = VaultPath.nfc(VaultPath.folder(of: source))
        // Every rule finds a file by its path or a suffix of it, so only files with the name looked up can
        // match: those few candidates are compared, rather than whole paths looked up.
        let lookups = Self.forms(of: target).map { form in
            let candidates = candidates(named: form)
            // Without `.` or `..` segments, the form's path from the folder has the form's name.
            if VaultPath.isPlain(form) { return Lookup(form: form, candidates: candidates, joinedCandidates: candidates) }
            let joined = VaultPath.join(folder, form)
            return Lookup(form: form, candidates: candidates, joined: joined, joinedCandidates: joined.map(self.candidates(named:)) ?? [])
        }
        if lookups.allSatisfy({ $0.candidates.isEmpty && $0.joinedCandidates.isEmpty }) {
            return .unresolved(.noSuchFile, hint: hint(for: target, from: folder))
        }

        for caseSensitive in [true, false] {
            for stage in Stage.allCases {
                switch stage {
                case .exact where relativeOnly, .relative where absolute, .suffix where absolute || relativeOnly: continue
                default: break
                }
                var found: [String] = []
                for lookup in lookups {
                    switch stage {
                    case .exact: found = Self.matching(lookup.form, in: lookup.candidates, caseSensitive)
                    case .relative:
                        if lookup.joinedCandidates.isEmpty { continue }
                        found = lookup.joined(from: folder).map { Self.matching($0, in: lookup.joinedCandidates, caseSensitive) } ?? []
                    case .suffix: found = Self.bySuffix(lookup.form, in: lookup.candidates, caseSensitive)
                    }
                    if !found.isEmpty { break }
                }
                if found.isEmpty { continue }
                if found.count == 1 { return .resolved(path: found[0], anchor: nil) }
                let local = found.filter { VaultPath.nfc(VaultPath.folder(of: $0)) == folder }
                if local.count == 1 { return .resolved(path: local[0], anchor: nil) }
                return .ambiguous(found.sorted())
            }
        }
        return .unresolved(.noSuchFile, hint: hint(for: target, from: folder))
    }

    /// One form of a target, and the files that have its name (and the name of its path from the
    /// source's folder).
    private struct Lookup {
        var form: String
        var candidates: [(path: String, nfc: String)]
        /// The form's path from the source's folder, when it has `.` or `..` segments (else made when needed).
        var joined: String?
        var joinedCandidates: [(path: String, nfc: String)]

        func joined(from folder: String) -> String? {
            joined ?? VaultPath.join(folder, form)
        }
    }

    /// The files whose name is that of `path`, ignoring case.
    private func candidates(named path: String) -> [(path: String, nfc: String)] {
        byName[VaultPath.nameKeyWithExtension(of: path)] ?? []
    }

    /// A target in NFC without its leading `/`s: what the rules match.
    private static func stripped(_ rawTarget: String) -> String {
        var target = VaultPath.nfc(rawTarget)
        while target.hasPrefix("/") { target.removeFirst() }
        return target
    }

    /// The alias key that the hint for an unresolved `[[rawTarget]]` looks up: a caller that gives the
    /// resolver only some aliases must give those under the keys of the targets it resolves.
    static func aliasKey(ofTarget rawTarget: String) -> String {
        stripped(rawTarget).lowercased()
    }

    /// The three rules, in order.
    private enum Stage: CaseIterable {
        case exact, relative, suffix
    }

    /// The candidates whose path is `path` (in NFC), with exact case or ignoring it.
    private static func matching(_ path: String, in candidates: [(path: String, nfc: String)], _ caseSensitive: Bool) -> [String] {
        if caseSensitive { return candidates.compactMap { $0.nfc == path ? $0.path : nil } }
        let wanted = path.lowercased()
        return candidates.compactMap { $0.nfc.lowercased() == wanted ? $0.path : nil }
    }

    /// The candidates whose path is `suffix` or ends with `/suffix`.
    private static func bySuffix(_ suffix: String, in candidates: [(path: String, nfc: String)], _ caseSensitive: Bool) -> [String] {
        let wanted = caseSensitive ? suffix : suffix.lowercased()
        let slashWanted = "/" + wanted
        return candidates.compactMap { candidate in
            let path = caseSensitive ? candidate.nfc : candidate.nfc.lowercased()
            return path == wanted || path.hasSuffix(slashWanted) ? candidate.path : nil
        }
    }

    private func hint(for target: String, from folder: String) -> String? {
        let key = target.lowercased()
        var asFolder = key
        while asFolder.hasSuffix("/") { asFolder.removeLast() }
        if !asFolder.isEmpty, folders.contains(asFolder) || VaultPath.join(folder, asFolder).map(folders.contains) == true {
            return "'\(target)' is a folder; Obsidian links only to files (Quartz makes a folder page for it)"
        }
        if let notes = byAlias[key], !notes.isEmpty {
            let names = notes.sorted().map { "'\($0)'" }.joined(separator: ", ")
            let title = VaultPath.name(of: notes.sorted()[0]).dropLast(3)
            return "'\(target)' is an alias of \(names); aliases do not resolve on their own, write [[\(title)|\(target)]]"
        }
        if let files = attachmentStems[VaultPath.name(of: key)], !files.isEmpty {
            let names = files.sorted().map { "[[\(VaultPath.name(of: $0))]]" }.joined(separator: " or ")
            return "attachments need their extension: did you mean \(names)?"
        }
        return nil
    }
}

/// A hash set of lower-cased file names that says quickly, from a path's bytes, whether the path's
/// file name may be one of them. An ASCII name is hashed as it is lower-cased; any other name may be
/// (its key needs NFC): the caller checks the candidates against the names themselves.
struct NameFilter {
    private let hashes: Set<UInt64>

    init(_ names: Set<String>) {
        hashes = Set(names.map { name in
            var name = name
            return name.withUTF8 { Self.hash($0[...]) }
        })
    }

    /// Whether the file name whose bytes are `name` may be one of the names.
    func mayHold(name: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        name.contains { $0 >= 0x80 } || hashes.contains(Self.hash(name))
    }

    /// FNV-1a of the bytes, ASCII letters lower-cased.
    private static func hash(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte &- 65 < 26 ? byte + 32 : byte)) &* 0x100_0000_01b3
        }
        return hash
    }
}
