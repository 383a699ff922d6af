/// Escaping as libcmark does it, so that plain CommonMark renders the same.
enum HTMLEscaping {
    /// `&`, `<`, `>` and `"` become entities.
    /// Control characters (C0 other than tab, LF and CR; DEL; C1), which HTML forbids, become U+FFFD.
    static func appendEscaped(_ text: some Sequence<UInt8>, to out: ByteSink) {
        var afterC2 = false // 0xC2 starts U+0080…U+00BF, of which U+0080…U+009F are C1 controls.
        for byte in text {
            if afterC2 {
                afterC2 = false
                if (0x80...0x9F).contains(byte) { out.append(replacement); continue }
                out.append(0xC2)
            }
            switch byte {
            case 0xC2: afterC2 = true
            case UInt8(ascii: "&"): out.append(amp)
            case UInt8(ascii: "<"): out.append(lt)
            case UInt8(ascii: ">"): out.append(gt)
            case UInt8(ascii: "\""): out.append(quot)
            case 0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F, 0x7F: out.append(replacement)
            default: out.append(byte)
            }
        }
        if afterC2 { out.append(0xC2) }
    }

    /// The same for a string, appending runs of safe bytes at once (control characters too become U+FFFD).
    static func appendEscaped(_ text: String, to out: ByteSink) {
        var text = text
        text.withUTF8 { bytes in
            let table = mayNeedEscape
            let count = bytes.count
            var start = 0
            var index = 0
            while index < count {
                // Most text needs nothing: eight bytes at a time while a word has none to look at.
                index = WordBytes.skip(bytes, from: index, whilePlain: { !mayNeedEscape($0) })
                let end = min(index + 8, count)
                while index < end {
                    if !table[Int(bytes[index])] {
                        index += 1
                        continue
                    }
                    let entity: [UInt8]
                    var width = 1
                    switch bytes[index] {
                    case UInt8(ascii: "&"): entity = amp
                    case UInt8(ascii: "<"): entity = lt
                    case UInt8(ascii: ">"): entity = gt
                    case UInt8(ascii: "\""): entity = quot
                    case 0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F, 0x7F: entity = replacement
                    case 0xC2 where index + 1 < count && (0x80...0x9F).contains(bytes[index + 1]):
                        entity = replacement
                        width = 2
                    default:
                        index += 1
                        continue
                    }
                    if index > start { out.append(UnsafeBufferPointer(rebasing: bytes[start..<index])) }
                    out.append(entity)
                    index += width
                    start = index
                }
            }
            if start < count { out.append(UnsafeBufferPointer(rebasing: bytes[start...])) }
        }
    }

    /// Whether any of eight bytes may need escaping (see `mayNeedEscape`); true also for tab,
    /// newline and carriage return, which the byte loop then passes. One test per pair of special
    /// bytes that differ in one bit: `"`/`&` (0x22/0x26), `<`/`>` (0x3C/0x3E).
    @inline(__always)
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        WordBytes.containsByte(word, below: 0x20) || WordBytes.contains(word | 0x0404_0404_0404_0404, 0x26)
            || WordBytes.contains(word | 0x0202_0202_0202_0202, 0x3E) || WordBytes.contains(word, 0x7F) || WordBytes.contains(word, 0xC2)
    }

    /// The bytes that start something to escape: `&<>"`, C0 controls but tab, newline and
    /// carriage return, DEL, and 0xC2 (which starts the C1 controls).
    private static let mayNeedEscape: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in Array("&<>\"".utf8) + [0x7F, 0xC2] { table[Int(byte)] = true }
        for byte in 0x00...0x1F where byte != 0x09 && byte != 0x0A && byte != 0x0D { table[byte] = true }
        return table
    }()

    private static let amp = Array("&amp;".utf8), lt = Array("&lt;".utf8), gt = Array("&gt;".utf8)
    private static let quot = Array("&quot;".utf8), apos = Array("&#x27;".utf8)
    /// U+FFFD, for control characters, which HTML forbids.
    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]


    private static let hrefSafe: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in Array("-_.+!*(),%#@?=;:/$~".utf8) { table[Int(byte)] = true }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = true }
        table[Int(UInt8(ascii: "["))] = false
        return table
    }()

    /// URL escaping for `href` and `src`, as libcmark's houdini_escape_href.
    static func appendHref(_ url: some Sequence<UInt8>, to out: ByteSink) {
        for byte in url { appendHrefByte(byte, to: out) }
    }

    /// The same for a string, appending runs of safe bytes at once.
    static func appendHref(_ url: String, to out: ByteSink) {
        var url = url
        url.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count where !hrefSafe[Int(bytes[index])] {
                if index > start { out.append(UnsafeBufferPointer(rebasing: bytes[start..<index])) }
                appendHrefByte(bytes[index], to: out)
                start = index + 1
            }
            if start < bytes.count { out.append(UnsafeBufferPointer(rebasing: bytes[start...])) }
        }
    }

    private static let hex = Array("0123456789ABCDEF".utf8)

    private static func appendHrefByte(_ byte: UInt8, to out: ByteSink) {
        if hrefSafe[Int(byte)] {
            out.append(byte)
        } else if byte == UInt8(ascii: "&") {
            out.append(amp)
        } else if byte == UInt8(ascii: "'") {
            out.append(apos)
        } else {
            out.append(UInt8(ascii: "%"))
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0xF)])
        }
    }

    /// Whether a URL may run code: `javascript:`, `vbscript:`, `file:`, or `data:`
    /// (images may use `data:image/png|gif|jpeg|webp`).
    static func isDangerous(_ url: String, image: Bool) -> Bool {
        // Most URLs start with none of the letters of those schemes: no need to lower-case them.
        if let first = url.utf8.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) {
            switch first | 0x20 {
            case UInt8(ascii: "j"), UInt8(ascii: "v"), UInt8(ascii: "f"), UInt8(ascii: "d"): break
            default: return false
            }
        }
        let lowered = url.trimmingSpaces.lowercased()
        if lowered.hasPrefix("javascript:") || lowered.hasPrefix("vbscript:") || lowered.hasPrefix("file:") { return true }
        if lowered.hasPrefix("data:") {
            guard image else { return true }
            return !["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains { lowered.hasPrefix($0) }
        }
        return false
    }
}
