import Foundation
import KnapMarkdown

/// The only place that writes to the terminal.
///
/// Text lines (``out(_:)``, ``error(_:)``, diagnostics) hold note content and file names, which a
/// vault's author chose: their control characters are shown escaped (``escaped(_:)``), so that a
/// note cannot move the cursor, retitle the window or ring the bell. JSON is escaped as JSON does.
/// ``raw(_:)`` and ``bytes(_:)`` write as they are: HTML, and the control sequences Knap itself draws with.
enum Terminal {
    static func out(_ text: String) {
        let text = escaped(text)
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func raw(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// `text` with each control character written as `\u{1B}` (hexadecimal, as in Swift): C0 except tab
    /// and newline, DEL, and C1 (U+0080...U+009F). Text without one is returned as it is.
    static func escaped(_ text: String) -> String {
        // C1 characters are 0xC2 0x80...0x9F in UTF-8: a 0xC2 byte is enough to look closer.
        guard text.utf8.contains(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A) || $0 == 0x7F || $0 == 0xC2 }) else {
            return text
        }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if isEscaped(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isEscaped(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: false
        case 0x00..<0x20, 0x7F..<0xA0: true
        default: false
        }
    }

    /// Writes bytes to standard output as they are, without copying them into `Data`.
    static func bytes(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            guard var next = buffer.baseAddress else { return }
            var left = buffer.count
            while left > 0 {
                let written = write(STDOUT_FILENO, next, left)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // A closed pipe (`knap html x | head`): nothing more to say.
                }
                next += written
                left -= written
            }
        }
    }

    static func error(_ text: String) {
        let text = escaped(text)
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func diagnostics(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { error(diagnostic.formatted) }
    }

    /// Prints an encodable value as pretty JSON with sorted keys.
    static func json(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        raw(jsonEscaped(String(decoding: data, as: UTF8.self)) + "\n")
    }

    /// Encoded JSON with DEL and C1 characters, which JSON allows in strings as they are, written as
    /// `\u007F`-style escapes too (the encoder escapes C0 itself). Outside strings JSON has none of them.
    static func jsonEscaped(_ json: String) -> String {
        guard json.utf8.contains(where: { $0 == 0x7F || $0 == 0xC2 }) else { return json }
        var result = ""
        result.reserveCapacity(json.utf8.count + 16)
        for scalar in json.unicodeScalars {
            if (0x7F..<0xA0).contains(scalar.value) {
                result += "\\u00" + String(scalar.value, radix: 16, uppercase: true)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension Terminal {
    /// Ends the process at once, skipping the freeing of large values.
    static func exitNow(_ status: Int32) -> Never {
        Foundation.exit(status)
    }
}

enum OutputFormat: String, CaseIterable, Sendable {
    case text, json
}
