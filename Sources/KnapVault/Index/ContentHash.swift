/// A 64-bit FNV-1a hash of a note's bytes, as 16 hex digits: enough to tell whether a file whose size
/// or mtime changed really has new content. Not for security.
enum ContentHash {
    static func of(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var copy = text
        copy.withUTF8 { bytes in
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
