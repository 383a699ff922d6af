import Foundation
import KnapVerify

/// How `knap verify` shows its results: text lines, JSON and JUnit XML.
enum VerifyReport {
    /// `PASS notes/X.md:42 swift (0.31 s)`, `RAN …` for a clean run that compared nothing, then for a
    /// failure its details.
    static func text(_ result: SnippetResult) -> String {
        let place = "\(result.path):\(result.line) \(result.language.isEmpty ? "(none)" : result.language)"
        switch result.status {
        case .pass, .ran:
            let word = result.status == .pass ? "PASS" : "RAN"
            return "\(word) \(place) " + (result.cached ? "(cached)" : "(\(String(format: "%.2f", result.duration)) s)")
        case .skip:
            return "SKIP \(place): \(result.message)"
        case .fail:
            var lines = ["FAIL \(place) (\(String(format: "%.2f", result.duration)) s): \(result.message)"]
            lines += result.details
            return lines.joined(separator: "\n")
        }
    }

    struct Summary {
        /// `passed` counts the `ran` ones too.
        var passed = 0, ran = 0, failed = 0, skipped = 0

        init(_ results: [SnippetResult]) {
            for result in results {
                switch result.status {
                case .pass: passed += 1
                case .ran: passed += 1; ran += 1
                case .fail: failed += 1
                case .skip: skipped += 1
                }
            }
        }

        var line: String { "\(passed) passed, \(failed) failed, \(skipped) skipped" }

        /// The line before ``line``, when some passed snippets compared nothing.
        var ranLine: String? {
            guard ran > 0 else { return nil }
            return "\(ran) of the \(passed) passed ran without any expected output (not compared; --strict fails them)"
        }
    }

    /// `{"knap", "vault", "results": [{path, line, language, status, cached, durationMs, message}], "summary": {passed, ran, failed, skipped}}`;
    /// paths are relative to the vault (a note outside it keeps the path it was given by);
    /// `status` is `pass`, `ran`, `fail` or `skip`, and `passed` counts the `ran` ones too.
    struct JSON: Encodable {
        struct Result: Encodable {
            let path: String, line: Int, language: String, status: String, cached: Bool, durationMs: Int, message: String
        }
        struct Counts: Encodable { let passed: Int, ran: Int, failed: Int, skipped: Int }
        let results: [Result]
        let summary: Counts

        /// `relative` writes a note's path relative to the vault.
        init(results: [SnippetResult], relative: (String) -> String = { $0 }) {
            self.results = results.map {
                var message = $0.message
                if $0.status == .fail, !$0.details.isEmpty { message += "\n" + $0.details.joined(separator: "\n") }
                return Result(path: relative($0.path), line: $0.line, language: $0.language, status: $0.status.rawValue,
                              cached: $0.cached, durationMs: Int(($0.duration * 1000).rounded()), message: message)
            }
            let summary = Summary(results)
            self.summary = Counts(passed: summary.passed, ran: summary.ran, failed: summary.failed, skipped: summary.skipped)
        }
    }

    /// JUnit XML: one test suite per note, one test case per snippet. A `ran` snippet is a passed
    /// test case with the property `knap.compared` = `false`: it ran, but nothing was compared.
    static func junit(_ results: [SnippetResult]) -> String {
        var order: [String] = []
        var byPath: [String: [SnippetResult]] = [:]
        for result in results {
            if byPath[result.path] == nil { order.append(result.path) }
            byPath[result.path, default: []].append(result)
        }
        let total = Summary(results)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"knap verify\" tests=\"\(results.count)\" failures=\"\(total.failed)\" skipped=\"\(total.skipped)\">\n"
        for path in order {
            let cases = byPath[path] ?? []
            let counts = Summary(cases)
            let time = cases.reduce(0) { $0 + $1.duration }
            xml += "  <testsuite name=\"\(escape(path))\" tests=\"\(cases.count)\" failures=\"\(counts.failed)\" "
                + "skipped=\"\(counts.skipped)\" time=\"\(String(format: "%.3f", time))\">\n"
            for result in cases {
                xml += "    <testcase classname=\"\(escape(path))\" name=\"\(escape("\(path):\(result.line) \(result.language)"))\" "
                    + "file=\"\(escape(path))\" line=\"\(result.line)\" time=\"\(String(format: "%.3f", result.duration))\""
                switch result.status {
                case .pass:
                    xml += "/>\n"
                case .ran:
                    xml += ">\n      <properties><property name=\"knap.compared\" value=\"false\"/></properties>\n"
                        + "      <system-out>ran without any expected output: not compared</system-out>\n    </testcase>\n"
                case .skip:
                    xml += ">\n      <skipped message=\"\(escape(result.message))\"/>\n    </testcase>\n"
                case .fail:
                    xml += ">\n      <failure message=\"\(escape(result.message))\">\(escape(result.details.joined(separator: "\n")))</failure>\n"
                        + "    </testcase>\n"
                }
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                // XML 1.0 forbids most control characters, which snippet output may hold.
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { out += "?" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
