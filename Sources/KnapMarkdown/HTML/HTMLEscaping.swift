/// Escaping as libcmark does it, so that plain CommonMark renders the same.
enum HTMLEscaping {
    /// `&`, `<`, `>` and `"` become entities.
    static func appendEscaped(_ text: some Sequence<UInt8>, to out: inout [UInt8]) {
        for byte in text {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: amp)
            case UInt8(ascii: "<"): out.append(contentsOf: lt)
            case UInt8(ascii: ">"): out.append(contentsOf: gt)
            case UInt8(ascii: "\""): out.append(contentsOf: quot)
            default: out.append(byte)
            }
        }
    }

    /// The same for a string, appending runs of safe bytes at once.
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let entity: [UInt8]
                switch bytes[index] {
                case UInt8(ascii: "&"): entity = amp
                case UInt8(ascii: "<"): entity = lt
                case UInt8(ascii: ">"): entity = gt
                case UInt8(ascii: "\""): entity = quot
                default: continue
                }
                if index > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index])) }
                out.append(contentsOf: entity)
                start = index + 1
            }
            if start < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...])) }
        }
    }

    private static let amp = Array("&amp;".utf8), lt = Array("&lt;".utf8), gt = Array("&gt;".utf8)
    private static let quot = Array("&quot;".utf8), apos = Array("&#x27;".utf8)

    static func escaped(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        appendEscaped(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

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
    static func appendHref(_ url: some Sequence<UInt8>, to out: inout [UInt8]) {
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in url {
            if hrefSafe[Int(byte)] {
                out.append(byte)
            } else if byte == UInt8(ascii: "&") {
                out.append(contentsOf: amp)
            } else if byte == UInt8(ascii: "'") {
                out.append(contentsOf: apos)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
    }

    static func href(_ url: String) -> String {
        var out: [UInt8] = []
        appendHref(url.utf8, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a URL may run code: `javascript:`, `vbscript:`, `file:`, or `data:`
    /// (images may use `data:image/png|gif|jpeg|webp`).
    static func isDangerous(_ url: String, image: Bool) -> Bool {
        let lowered = url.trimmingSpaces.lowercased()
        if lowered.hasPrefix("javascript:") || lowered.hasPrefix("vbscript:") || lowered.hasPrefix("file:") { return true }
        if lowered.hasPrefix("data:") {
            guard image else { return true }
            return !["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains { lowered.hasPrefix($0) }
        }
        return false
    }
}
