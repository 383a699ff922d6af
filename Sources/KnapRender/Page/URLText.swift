/// Percent-encoding for hrefs that Knap builds from site paths: letters, digits and
/// `-_.~/#%` stay, everything else (spaces, quotes, `<`, non-ASCII) becomes `%XX`.
enum URLText {
    private static let hex = Array("0123456789ABCDEF".utf8)

    static func href(_ text: String) -> String {
        guard text.containsUTF8Byte(where: { !isKept($0) }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isKept(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isKept(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"),
             UInt8(ascii: "/"), UInt8(ascii: "#"), UInt8(ascii: "%"):
            true
        default:
            false
        }
    }
}
