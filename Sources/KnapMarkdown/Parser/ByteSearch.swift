#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte searches with `memchr`, which scans many bytes at a time: the parser's scans over a
/// whole note (lines, comments, cut points, wikilink brackets) use these.
extension UnsafeBufferPointer where Element == UInt8 {
    /// The index of the first `byte` in `start..<end` (`end` defaults to the end), or nil.
    func index(of byte: UInt8, from start: Int, to end: Int? = nil) -> Int? {
        let end = end ?? count
        guard let base = baseAddress, start < end,
              let hit = memchr(base + start, Int32(byte), end - start) else { return nil }
        return UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
    }

    /// The index of the first `first` at or after `start` that `second` follows, or nil.
    func index(of first: UInt8, then second: UInt8, from start: Int) -> Int? {
        var search = start
        while let at = index(of: first, from: search, to: count - 1) {
            if self[at + 1] == second { return at }
            search = at + 1
        }
        return nil
    }
}
