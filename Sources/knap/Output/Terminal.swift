import Foundation
import KnapMarkdown

/// The only place that writes to the terminal.
///
/// Text lines (``out(_:)``, ``error(_:)``, diagnostics) hold note content and file names, which a
/// vault's author chose: their control characters are shown escaped (``escaped(_:)``), so that a
/// note cannot move the cursor, retitle the window or ring the bell. JSON is escaped as JSON does.
/// ``raw(_:)`` and ``bytes(_:)`` write as they are: HTML, and the control sequences Knap itself draws with.
enum Terminal {
    /// How text lines are written: set once by ``OutputOptions/apply()`` before any work starts.
    struct Style: Sendable {
        var colorOut = false
        var colorError = false
        var quiet = false
    }

    nonisolated(unsafe) private(set) static var style = Style()

    static func configure(_ style: Style) {
        self.style = style
    }

    static func out(_ text: String) {
        guard !style.quiet else { return }
        always(text)
    }

    /// A stdout line printed even with `--quiet` (verify's closing count line).
    static func always(_ text: String) {
        FileHandle.standardOutput.write(Data(line(text, color: style.colorOut).utf8))
    }

    /// A result line: printed with `--quiet` too when it is a failure.
    static func result(_ text: String, failed: Bool) {
        failed ? always(text) : out(text)
    }

    /// `text` escaped, coloured if asked, ending with a newline.
    private static func line(_ text: String, color: Bool) -> String {
        var text = escaped(text)
        if text.hasSuffix("\n") { text.removeLast() }
        if color { text = text.split(separator: "\n", omittingEmptySubsequences: false).map { Painter.paint(String($0)) }.joined(separator: "\n") }
        return text + "\n"
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

    /// A stderr line. With `--quiet` only errors (`error: …`, `path:line:column: error: …`) are printed.
    static func error(_ text: String) {
        if style.quiet, !text.hasPrefix("error:"), !text.contains(": error: ") { return }
        FileHandle.standardError.write(Data(line(text, color: style.colorError).utf8))
    }

    static func diagnostics(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { error(diagnostic.formatted) }
    }

    /// Prints a command's JSON: one object, `{"knap": VERSION, "vault": PATH, …}` then `body`'s keys.
    static func json(_ body: some Encodable, vault: String?) throws {
        try json(JSONEnvelope(vault: vault, body: body))
    }

    /// Prints an encodable value as pretty JSON with sorted keys.
    static func json(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        raw(jsonEscaped(compactEmpty(String(decoding: data, as: UTF8.self))) + "\n")
    }

    /// Pretty JSON with each empty list or object as `[]` or `{}` (the encoder writes `[\n\n]`). JSON
    /// strings hold no raw newline, so a bracket, blank lines and its closing bracket are always an empty one.
    static func compactEmpty(_ json: String) -> String {
        guard json.contains("\n\n") else { return json }
        return json.replacingOccurrences(of: #"\[\n\n *\]"#, with: "[]", options: .regularExpression)
            .replacingOccurrences(of: #"\{\n\n *\}"#, with: "{}", options: .regularExpression)
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
