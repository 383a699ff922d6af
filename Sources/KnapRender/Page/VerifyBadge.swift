import KnapVault

/// The badge drawn after a code block that `knap verify` judged: its last verdict and language.
/// Only the verdict is shown (no time or duration), so verifying again with the same outcome
/// leaves the pages as they are.
enum VerifyBadge {
    static func html(_ record: SnippetRecord) -> String {
        let (status, label, title): (String, String, String) = switch record.status {
        case "pass": ("pass", "verified ✓", "passed")
        case "ran": ("ran", "ran, not compared", "ran without any expected output, so nothing was compared")
        case "fail": ("fail", "failed ✗", "failed")
        default: ("skip", "not run", "skipped")
        }
        return "<div class=\"verify-badge \(status)\" title=\"Last knap verify: \(title)\">\(label)"
            + " <span class=\"verify-language\">\(HTMLText.escape(record.language))</span></div>\n"
    }
}
