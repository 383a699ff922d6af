import Foundation
import KnapMarkdown

/// The only place that writes to the terminal.
enum Terminal {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func raw(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
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
        out(String(decoding: data, as: UTF8.self))
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
