import Foundation

/// Helpers for vault-relative paths: `/`-separated, no leading `/`, compared in Unicode NFC.
enum VaultPath {
    /// The NFC form, so an NFD file name (as macOS writes them) matches an NFC link.
    static func nfc(_ text: String) -> String {
        // ASCII is always NFC; skip Foundation's (slow) normalization for it.
        if isASCII(text) { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// The folder part of `path`: "" for a file at the vault root.
    /// (Paths are split on their UTF-8 bytes: searching by `Character` was a tenth of a full index, and
    /// searching `String.UTF8View` backwards costs more than the rest of a split.)
    static func folder(of path: String) -> String {
        split(path) { bytes, slash in slash.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[..<$0]), as: UTF8.self) } ?? "" }
    }

    /// The last path component.
    static func name(of path: String) -> String {
        split(path) { bytes, slash in slash.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[($0 + 1)...]), as: UTF8.self) } ?? path }
    }

    /// The last path component in NFC, lower-cased: what files are looked up by.
    static func nameKeyWithExtension(of path: String) -> String {
        let lowered: String? = split(path) { bytes, slash in
            let name = UnsafeBufferPointer(rebasing: bytes[(slash.map { $0 + 1 } ?? 0)...])
            guard !name.contains(where: { $0 >= 0x80 }) else { return nil }
            return String(unsafeUninitializedCapacity: name.count) { buffer in
                for (index, byte) in name.enumerated() {
                    buffer[index] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
                }
                return name.count
            }
        }
        return lowered ?? nfc(name(of: path)).lowercased()
    }

    /// Calls `body` with the path's UTF-8 bytes and the offset of its last `/`.
    private static func split<T>(_ path: String, _ body: (UnsafeBufferPointer<UInt8>, Int?) -> T) -> T {
        var path = path
        return path.withUTF8 { bytes in body(bytes, bytes.lastIndex(of: UInt8(ascii: "/"))) }
    }

    /// `folder/relative` with `.` and `..` resolved; nil when it climbs above the vault root.
    static func join(_ folder: String, _ relative: String) -> String? {
        // Most links have no `.` or `..` segments: plain concatenation then.
        if isPlain(relative) {
            return folder.isEmpty ? relative : folder + "/" + relative
        }
        var parts = folder.isEmpty ? [] : folder.split(separator: "/").map(String.init)
        for part in relative.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }

    /// Whether no segment of `relative` is empty or starts with `.`: no `/` or `.` at the start or after a `/`.
    static func isPlain(_ relative: String) -> Bool {
        var relative = relative
        return relative.withUTF8 { bytes in
            var previous = UInt8(ascii: "/")
            for byte in bytes {
                if previous == UInt8(ascii: "/"), byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/") { return false }
                previous = byte
            }
            return true
        }
    }

    /// Whether every byte of `text` is ASCII (read from its contiguous UTF-8, not through `String.UTF8View`).
    static func isASCII(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in !bytes.contains { $0 >= 0x80 } }
    }

    /// Whether the path names a note (ends in `.md`, any case).
    static func isNote(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            guard bytes.count >= 3 else { return false }
            let end = bytes.count
            return bytes[end - 3] == UInt8(ascii: ".") && bytes[end - 2] | 0x20 == UInt8(ascii: "m")
                && bytes[end - 1] | 0x20 == UInt8(ascii: "d")
        }
    }

    /// The file name's extension without the dot, or nil.
    static func fileExtension(of path: String) -> String? {
        let name = name(of: path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...]
        return ext.isEmpty ? nil : String(ext)
    }
}

extension VaultPath {
    /// What links and files are matched on when deciding which links to re-resolve: the last path
    /// component, NFC, lower-cased, without `.md`. `[[a/Note]]`, `[[../note.md]]` and `b/Note.md` share `note`.
    static func nameKey(_ target: String) -> String {
        asciiNameKey(target) ?? nameKeyByCharacters(target)
    }

    /// ``nameKey(_:)`` for any text.
    static func nameKeyByCharacters(_ target: String) -> String {
        var trimmed = Substring(target)
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        var name = nfc(self.name(of: String(trimmed))).lowercased()
        if name.hasSuffix(".md") { name.removeLast(3) }
        return name
    }

    /// ``nameKey(_:)`` of ASCII text, on its bytes (one for every link written); nil for other text.
    private static func asciiNameKey(_ target: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(target.utf8.count)
        for byte in target.utf8 {
            guard byte < 0x80 else { return nil }
            bytes.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
        }
        while bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        if let slash = bytes.lastIndex(of: UInt8(ascii: "/")) { bytes.removeSubrange(...slash) }
        if bytes.count >= 3, bytes[bytes.count - 3] == UInt8(ascii: "."), bytes[bytes.count - 2] == UInt8(ascii: "m"),
           bytes[bytes.count - 1] == UInt8(ascii: "d") {
            bytes.removeLast(3)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The name keys of the folders above `path`, so a link to a folder (unresolved, with a hint) is
    /// re-checked when the folder gains or loses files.
    static func folderKeys(_ path: String) -> [String] {
        let folder = folder(of: path)
        var bytes = Array(folder.utf8)
        guard !bytes.contains(where: { $0 >= 0x80 }) else {
            return folder.split(separator: "/").map { nfc(String($0)).lowercased() }
        }
        // ASCII: lower-cased and split on bytes.
        for index in bytes.indices where bytes[index] >= UInt8(ascii: "A") && bytes[index] <= UInt8(ascii: "Z") {
            bytes[index] += 32
        }
        return bytes.split(separator: UInt8(ascii: "/")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The name key without an attachment's extension, so `[[Figure 1]]` (unresolved, with a hint)
    /// is re-checked when `Figure 1.png` comes or goes.
    static func stemKey(_ path: String) -> String? {
        let key = nameKey(path)
        guard let dot = key.lastIndex(of: "."), dot != key.startIndex else { return nil }
        return String(key[..<dot])
    }
}
