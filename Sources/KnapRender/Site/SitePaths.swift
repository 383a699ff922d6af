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

    /// The slug path of a vault path, before de-duplication.
    public static func slugPath(for path: String) -> String {
        // ASCII paths are split on bytes (the same parts, faster); others by Character, as always.
        let pieces = path.containsUTF8Byte { $0 >= 0x80 }
            ? path.split(separator: "/").map(String.init)
            : path.utf8.split(separator: UInt8(ascii: "/")).map { String(decoding: $0, as: UTF8.self) }
        var parts = pieces.filter { $0 != "." && $0 != ".." }
        let name = parts.popLast() ?? ""
        var folders = parts.map { slug($0, fallback: "folder") }
        let isNote = name.lowercased().hasSuffix(".md")
        var stem = name
        var ext = ""
        if isNote {
            stem.removeLast(3)
            ext = "html"
        } else if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            stem = String(name[..<dot])
            ext = slug(String(name[name.index(after: dot)...]), fallback: "bin")
        }
        folders.append(slug(stem, fallback: isNote ? "note" : "file") + (ext.isEmpty ? "" : "." + ext))
        return folders.joined(separator: "/")
    }

    /// Lower-case letters and digits; every other run of characters becomes one `-`.
    public static func slug(_ text: String, fallback: String) -> String {
        if !text.containsUTF8Byte(where: { $0 >= 0x80 }) { return asciiSlug(text, fallback: fallback) }
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

    /// ``slug(_:fallback:)`` for ASCII text, on bytes (the same result, without Unicode case
    /// mapping and properties: slugging every path took most of an incremental render's setup).
    private static func asciiSlug(_ text: String, fallback: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingDash = false
        for byte in text.utf8 {
            let lower = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
            let keep = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(lower) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(lower)
                || lower == UInt8(ascii: "_")
            if keep {
                if pendingDash && !out.isEmpty { out.append(UInt8(ascii: "-")) }
                pendingDash = false
                out.append(lower)
            } else {
                pendingDash = true
            }
        }
        return out.isEmpty ? fallback : String(decoding: out, as: UTF8.self)
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
