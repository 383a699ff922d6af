import Testing
@testable import KnapMarkdown

/// The string escaper skips eight bytes at a time; it must give exactly what the plain byte-by-byte
/// escaper gives, wherever the special bytes fall in a word.
@Suite struct HTMLEscapingTests {
    /// Special bytes, their neighbours in value (which the word test groups with them), and ordinary text.
    static let pieces: [[UInt8]] = [
        Array("&".utf8), Array("<".utf8), Array(">".utf8), Array("\"".utf8), Array("'".utf8), Array("$".utf8),
        Array("=".utf8), Array("?".utf8), Array("\t".utf8), Array("\n".utf8), Array("\r".utf8), [0x00], [0x01], [0x1F],
        [0x7F], [0xC2, 0x80], [0xC2, 0x9F], [0xC2, 0xA0], Array("é".utf8), Array("€".utf8), Array("😀".utf8),
        Array("plain".utf8), Array("x".utf8), Array(" ".utf8), Array("abcdefgh".utf8),
    ]

    static func reference(_ bytes: [UInt8]) -> [UInt8] {
        let sink = ByteSink()
        HTMLEscaping.appendEscaped(bytes, to: sink)
        return sink.bytes
    }

    static func fast(_ text: String) -> [UInt8] {
        let sink = ByteSink()
        HTMLEscaping.appendEscaped(text, to: sink)
        return sink.bytes
    }

    @Test func wordAtATimeMatchesByteAtATime() {
        var generator = WordRandom(seed: 7)
        for length in 0..<40 {
            for _ in 0..<200 {
                var bytes: [UInt8] = []
                for _ in 0..<length { bytes += Self.pieces[Int(generator.next() % UInt64(Self.pieces.count))] }
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(Self.fast(text) == Self.reference(Array(text.utf8)), "\(Array(text.utf8))")
            }
        }
    }

    @Test func everySpecialByteAtEveryPositionOfAWord() {
        for special in [UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), 0x00, 0x08, 0x0B, 0x1F, 0x7F] {
            for position in 0..<17 {
                var bytes = Array(repeating: UInt8(ascii: "a"), count: 17)
                bytes[position] = special
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(Self.fast(text) == Self.reference(bytes), "\(special) at \(position)")
                #expect(Self.fast(text) != bytes, "\(special) at \(position) is escaped")
            }
        }
        // A C1 control split across two words.
        let split = String(decoding: Array(repeating: UInt8(ascii: "a"), count: 7) + [0xC2, 0x85] + Array("bcdefgh".utf8), as: UTF8.self)
        #expect(Self.fast(split) == Array("aaaaaaa\u{FFFD}bcdefgh".utf8))
    }
}

/// A small deterministic generator (SplitMix64), so a failure can be replayed.
private struct WordRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
