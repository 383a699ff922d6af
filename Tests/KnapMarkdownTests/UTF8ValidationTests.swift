import Foundation
import Testing
@testable import KnapMarkdown

/// Knap's own UTF-8 check (eight ASCII bytes at a time) must accept and refuse exactly
/// what the standard library does, and point at the first bad byte.
@Suite struct UTF8ValidationTests {
    private func firstInvalid(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: $0) }
    }

    /// The offset of the first bad byte by the standard library's own UTF-8 parser.
    private func referenceFirstInvalid(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    @Test func edgeCasesMatchTheStandardLibrary() {
        let cases: [[UInt8]] = [
            [], Array("plain ascii text, longer than eight bytes".utf8), Array("héllo wörld — ✓ 𝄞 日本".utf8),
            [0xC0, 0x80], [0xC1, 0xBF], [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0x9F, 0x80], [0xE0, 0xA0, 0x80],
            [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF],
            [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
            [0xFF], [0x80], [0xE2, 0x82], [0xE2, 0x28, 0xA1], [0xF0, 0x9F, 0x98],
            Array("12345678".utf8) + [0xE2, 0x82, 0xAC] + Array("abcdefgh".utf8) + [0xC3],
        ]
        for bytes in cases {
            #expect(firstInvalid(bytes) == referenceFirstInvalid(bytes), "\(bytes)")
            #expect((firstInvalid(bytes) == nil) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
    }

    @Test func randomBytesMatchTheStandardLibrary() {
        var generator = SystemRandomNumberGenerator()
        // Mostly ASCII with valid and invalid multi-byte sequences mixed in, at every alignment.
        let pieces: [[UInt8]] = [[0x61], [0x0A], Array("é".utf8), Array("✓".utf8), Array("𝄞".utf8), [0x80], [0xC3],
                                 [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFE]]
        var invalidSeen = 0
        for _ in 0..<2_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                let ascii = Int.random(in: 0..<10, using: &generator) < 8
                bytes += ascii ? [UInt8.random(in: 0x20...0x7E, using: &generator)]
                               : pieces[Int.random(in: 0..<pieces.count, using: &generator)]
            }
            let expected = referenceFirstInvalid(bytes)
            if expected != nil { invalidSeen += 1 }
            #expect(firstInvalid(bytes) == expected, "\(bytes)")
        }
        #expect(invalidSeen > 100)
    }

    @Test func readBytesReplacesBadBytesAndNamesTheFirst() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("knap-utf8-\(UUID().uuidString).md").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let good = Array("# Title\n\nline three\n".utf8)
        try Data(good + [0xFF] + Array(" line four\n".utf8)).write(to: URL(fileURLWithPath: path))
        let read = try NoteParser.readBytes(path)
        #expect(read.bytes == good + Array("\u{FFFD} line four\n".utf8))
        #expect(read.firstInvalidByte == SourceLocation(line: 4, column: 1))
        try Data(good).write(to: URL(fileURLWithPath: path))
        #expect(try NoteParser.readBytes(path).bytes == good)
        #expect(try NoteParser.readBytes(path).firstInvalidByte == nil)
    }
}
