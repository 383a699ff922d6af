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

/// Tests on eight bytes at once (a word loaded from a byte buffer), for scans that pass over runs of
/// ordinary text a word at a time. Each test is exact: it answers true only when such a byte is there.
public enum WordBytes {
    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether one of the bytes of `word` is `byte`.
    @inlinable @inline(__always)
    public static func contains(_ word: UInt64, _ byte: UInt8) -> Bool {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highs != 0
    }

    /// Whether one of the bytes of `word` is below `bound` (which is at most 0x80).
    @inlinable @inline(__always)
    public static func containsByte(_ word: UInt64, below bound: UInt8) -> Bool {
        (word &- ones &* UInt64(bound)) & ~word & highs != 0
    }

    /// The first index at or after `index` where the eight bytes from there are not all `plain`
    /// (or where fewer than eight are left): a scan passes over plain text a word at a time.
    @inlinable @inline(__always)
    public static func skip(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int, whilePlain plain: (UInt64) -> Bool) -> Int {
        guard let base = bytes.baseAddress else { return index }
        var index = index
        while index + 8 <= bytes.count, plain(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) { index += 8 }
        return index
    }

    /// Whether one of the bytes of `word` is 0x80 or above (not ASCII).
    @inlinable @inline(__always)
    public static func containsNonASCII(_ word: UInt64) -> Bool {
        word & highs != 0
    }
}
