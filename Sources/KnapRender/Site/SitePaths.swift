/// Where each vault file goes in the site: a URL-safe slug path, unique, always inside the output folder.
///
/// A note `Folder/My Note?.md` becomes `folder/my-note.html`; an attachment keeps its
/// (slugged) extension. Path parts are built only from letters, digits, `-` and `_`, so
/// `..`, `/`, `<`, `"`, `?`, `#` and control characters can never reach a file name or an href.
public struct SitePaths: Sendable {
    /// Site path (relative to the output folder) for each vault path.
    public private(set) var pages: [String: String] = [:]
    private var taken: Set<String>

    /// Names the site itself uses at its root.
    static let reserved: Set<String> = ["index.html", "search.html", "404.html", "tags", "_knap"]

    /// Site paths worked out by an earlier render for the same files (from its cache).
    init(pages: [String: String]) {
        self.pages = pages
        taken = []
    }

    public init(vaultPaths: [String]) {
        taken = []
        for path in vaultPaths.sorted() {
            var candidate = Self.slugPath(for: path)
            if Self.reserved.contains(candidate) {
                candidate = Self.withSuffix(candidate, "note")
            } else if let slash = candidate.firstIndex(of: "/"), Self.reserved.contains(String(candidate[..<slash])) {
                candidate = candidate[..<slash] + "-note" + candidate[slash...]
            }
            var number = 2
            let base = candidate
            while taken.contains(candidate.lowercased()) {
                candidate = Self.withSuffix(base, String(number))
                number += 1
            }
            taken.insert(candidate.lowercased())
            pages[path] = candidate
        }
    }

    /// The slug path of a vault path, before de-duplication. Each part fits in a file name
    /// (``fitted(_:)``).
    public static func slugPath(for path: String) -> String {
        let slugged = path.containsUTF8Byte(where: { $0 >= 0x80 }) ? unicodeSlugPath(path) : asciiSlugPath(path)
        // No part is longer than the whole.
        guard slugged.utf8.count > maxNameBytes else { return slugged }
        return slugged.split(separator: "/").map { fitted(String($0)) }.joined(separator: "/")
    }

    /// The longest file or folder name the site writes, in UTF-8 bytes, before a `-2` or `-note`
    /// suffix: well under the 255 bytes file systems allow.
    static let maxNameBytes = 200

    /// `name` (a slug, with at most one `.` before its extension) when it fits in ``maxNameBytes``;
    /// otherwise its start, a `-`, a hash of the whole name (16 hex digits) and its extension (up to
    /// 16 bytes of it). Stable: the same name always gives the same file name, so links land.
    static func fitted(_ name: String) -> String {
        guard name.utf8.count > maxNameBytes else { return name }
        var stem = Substring(name)
        var ext = Substring("")
        if let dot = name.lastIndex(of: ".") {
            stem = name[..<dot]
            ext = name[name.index(after: dot)...]
        }
        ext = prefix(ext, bytes: 16)
        let hash = RenderCache.fingerprint([name])
        let room = maxNameBytes - hash.utf8.count - 1 - (ext.isEmpty ? 0 : ext.utf8.count + 1)
        return prefix(stem, bytes: room) + "-" + hash + (ext.isEmpty ? "" : "." + ext)
    }

    /// The longest start of `text` of at most `bytes` UTF-8 bytes that ends between two Unicode scalars.
    private static func prefix(_ text: Substring, bytes: Int) -> Substring {
        var end = text.unicodeScalars.startIndex
        var count = 0
        for index in text.unicodeScalars.indices {
            let length = UTF8.width(text.unicodeScalars[index])
            if count + length > bytes { break }
            count += length
            end = text.unicodeScalars.index(after: index)
        }
        return Substring(text.unicodeScalars[..<end])
    }

    /// ``slugPath(for:)`` for any path, by Characters and Unicode scalars.
    static func unicodeSlugPath(_ path: String) -> String {
        var parts = path.split(separator: "/").map(String.init).filter { $0 != "." && $0 != ".." }
        let name = parts.popLast() ?? ""
        var folders = parts.map { unicodeSlug($0, fallback: "folder") }
        let isNote = name.lowercased().hasSuffix(".md")
        var stem = name
        var ext = ""
        if isNote {
            stem.removeLast(3)
            ext = "html"
        } else if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            stem = String(name[..<dot])
            ext = unicodeSlug(String(name[name.index(after: dot)...]), fallback: "bin")
        }
        folders.append(unicodeSlug(stem, fallback: isNote ? "note" : "file") + (ext.isEmpty ? "" : "." + ext))
        return folders.joined(separator: "/")
    }

    /// Lower-case letters and digits; every other run of characters becomes one `-`.
    public static func slug(_ text: String, fallback: String) -> String {
        text.containsUTF8Byte(where: { $0 >= 0x80 }) ? unicodeSlug(text, fallback: fallback) : asciiSlug(text, fallback: fallback)
    }

    /// ``slug(_:fallback:)`` for any text, by Unicode scalars.
    static func unicodeSlug(_ text: String, fallback: String) -> String {
        var out = ""
        var pendingDash = false
        for scalar in text.lowercased().unicodeScalars {
            let ascii = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
            let letter = scalar.value > 0x7F && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil)
            let keep = ascii || letter
            if keep {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return out.isEmpty ? fallback : out
    }

    /// ``slugPath(for:)`` for an ASCII path, on bytes: the same result, without Unicode case
    /// mapping, properties and Character indices (slugging every path took most of an
    /// incremental render's setup).
    private static func asciiSlugPath(_ path: String) -> String {
        let dot = UInt8(ascii: ".")
        var parts = Array(path.utf8).split(separator: UInt8(ascii: "/"))
            .filter { !$0.elementsEqual([dot]) && !$0.elementsEqual([dot, dot]) }
        let name = parts.popLast() ?? []
        var out: [UInt8] = []
        out.reserveCapacity(path.utf8.count + 8)
        for folder in parts {
            appendASCIISlug(folder, fallback: "folder", to: &out)
            out.append(UInt8(ascii: "/"))
        }
        let isNote = name.count >= 3 && name.suffix(3).map(asciiLowercase).elementsEqual(".md".utf8)
        if isNote {
            appendASCIISlug(name.dropLast(3), fallback: "note", to: &out)
            out += ".html".utf8
        } else if let found = name.lastIndex(of: dot), found != name.startIndex {
            appendASCIISlug(name[..<found], fallback: "file", to: &out)
            out.append(dot)
            appendASCIISlug(name[(found + 1)...], fallback: "bin", to: &out)
        } else {
            appendASCIISlug(name, fallback: "file", to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func asciiLowercase(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    /// ``slug(_:fallback:)`` for ASCII text, on bytes.
    private static func asciiSlug(_ text: String, fallback: String) -> String {
        var out: [UInt8] = []
        appendASCIISlug(text.utf8, fallback: fallback, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the slug of ASCII `bytes` (or `fallback` when it is empty).
    private static func appendASCIISlug(_ bytes: some Collection<UInt8>, fallback: String, to out: inout [UInt8]) {
        let start = out.count
        var pendingDash = false
        for byte in bytes {
            let lower = asciiLowercase(byte)
            let keep = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(lower) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(lower)
                || lower == UInt8(ascii: "_")
            if keep {
                if pendingDash && out.count > start { out.append(UInt8(ascii: "-")) }
                pendingDash = false
                out.append(lower)
            } else {
                pendingDash = true
            }
        }
        if out.count == start { out += fallback.utf8 }
    }

    private static func withSuffix(_ path: String, _ suffix: String) -> String {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return path + "-" + suffix }
        return path[..<dot] + "-" + suffix + path[dot...]
    }

    /// The href from the page at `from` to the site path `to`: `../` once per folder of `from`.
    public static func relative(from: String, to: String) -> String {
        let depth = depth(of: from)
        return depth == 0 ? to : String(repeating: "../", count: depth) + to
    }

    /// `../` back to the site root from the page at `from` ("" at the root).
    public static func root(from: String) -> String {
        String(repeating: "../", count: depth(of: from))
    }

    /// How many folders deep the site path is: its non-empty `/`-separated parts, less one
    /// (counted on UTF-8 bytes; splitting the string was a tenth of drawing a page).
    static func depth(of path: String) -> Int {
        func parts(_ bytes: some Sequence<UInt8>) -> Int {
            var parts = 0
            var inPart = false
            for byte in bytes {
                if byte == UInt8(ascii: "/") {
                    inPart = false
                } else if !inPart {
                    inPart = true
                    parts += 1
                }
            }
            return parts
        }
        let count = path.utf8.withContiguousStorageIfAvailable(parts) ?? parts(path.utf8)
        return max(count - 1, 0)
    }
}
