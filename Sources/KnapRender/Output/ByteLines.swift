import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte scans over the cache and the search index with `memchr` / `memrchr` (a byte loop over a
/// 4 MB cache took a tenth of an incremental render).
enum ByteLines {
    /// The ranges between `separator` bytes within `range`; with `limit`, only the first `limit`
    /// of them (each still ending at its separator).
    static func split(_ bytes: [UInt8], _ range: Range<Int>, _ separator: UInt8, limit: Int = .max) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        parts.reserveCapacity(min(limit, 16))
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else {
                parts.append(range)
                return
            }
            var start = range.lowerBound
            while parts.count < limit {
                guard start < range.upperBound,
                      let found = memchr(base + start, Int32(separator), range.upperBound - start) else {
                    parts.append(start..<range.upperBound)
                    return
                }
                let index = found.assumingMemoryBound(to: UInt8.self) - UnsafeMutablePointer(mutating: base)
                parts.append(start..<index)
                start = index + 1
            }
        }
        return parts
    }

    /// The decimal number (optionally negative) that is all of `range`, read without a String.
    static func integer(_ bytes: [UInt8], _ range: Range<Int>) -> Int64? {
        var index = range.lowerBound
        let negative = index < range.upperBound && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < range.upperBound else { return nil }
        var value: Int64 = 0
        while index < range.upperBound {
            let digit = bytes[index] &- UInt8(ascii: "0")
            let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
            guard digit < 10, !overflow else { return nil }
            let (sum, overflowed) = times10.addingReportingOverflow(Int64(digit))
            guard !overflowed else { return nil }
            value = sum
            index += 1
        }
        return negative ? -value : value
    }

    /// The index of the last `byte` within `range` (a loop: it looks back over one line at most).
    static func lastIndex(of byte: UInt8, in bytes: [UInt8], _ range: Range<Int>) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            var index = range.upperBound
            while index > range.lowerBound {
                index -= 1
                if buffer[index] == byte { return index }
            }
            return nil
        }
    }

    /// The index of the first occurrence of `needle` in `buffer` at or after `start`
    /// (Boyer-Moore-Horspool: a path is looked for in a 4 MB cache where its first byte is common).
    static func firstIndex(of needle: [UInt8], in buffer: UnsafeBufferPointer<UInt8>, from start: Int,
                           skips: [Int]) -> Int? {
        let last = needle.count - 1
        guard last >= 0 else { return nil }
        var index = start
        while index + last < buffer.count {
            let byte = buffer[index + last]
            if byte == needle[last] {
                var matched = last - 1
                while matched >= 0 && buffer[index + matched] == needle[matched] { matched -= 1 }
                if matched < 0 { return index }
            }
            index += skips[Int(byte)]
        }
        return nil
    }

    /// The shift table of ``firstIndex(of:in:from:skips:)`` for `needle`.
    static func skips(for needle: [UInt8]) -> [Int] {
        var skips = [Int](repeating: max(needle.count, 1), count: 256)
        for (index, byte) in needle.dropLast().enumerated() { skips[Int(byte)] = needle.count - 1 - index }
        return skips
    }
}
