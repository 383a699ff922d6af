import Foundation
import KnapMarkdown
import KnapVault

/// Which attachments a site publishes, and how.
///
/// Only attachments that a rendered note links to or embeds are published; every other file of the
/// vault stays private. Of those:
/// - documents a browser would run scripts in (`.html`, `.htm`, `.xhtml`, `.xht`, `.shtml`, `.xml`,
///   `.xsl`, `.xslt`, `.mht`, `.mhtml`, `.svgz`) are never published: a link to one is drawn broken,
///   with a title that says why, and `knap check` warns about it;
/// - SVGs are published as ``SVGSanitizer`` rewrites them; one it refuses is not published;
/// - everything else (images, PDFs, audio, archives…) is copied as it is.
public enum AttachmentPolicy {
    public enum Treatment: Sendable, Equatable {
        case copy
        case sanitizeSVG
        case block(reason: String)
    }

    static let activeExtensions: Set<String> = [
        "html", "htm", "xhtml", "xht", "shtml", "xml", "xsl", "xslt", "mht", "mhtml", "svgz",
    ]

    /// How the attachment at vault path `path` is published once a note links to it.
    public static func treatment(of path: String) -> Treatment {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return .copy }
        let ext = name[name.index(after: dot)...].lowercased()
        if ext == "svg" { return .sanitizeSVG }
        if activeExtensions.contains(ext) {
            return .block(reason: "a .\(ext) attachment is not published: a browser would run its scripts on the site")
        }
        return .copy
    }

    /// Why a link to the attachment at `path` is drawn broken, or nil when it is published.
    public static func blockedReason(_ path: String) -> String? {
        if case .block(let reason) = treatment(of: path) { return reason }
        return nil
    }

    /// What `knap check` says about the attachments that `links` land on, in the vault at `root`: a
    /// warning at each link to an attachment that is never published (`active-attachment`), and one
    /// per SVG that ``SVGSanitizer`` refuses (`unsafe-svg`).
    public static func diagnostics(vault root: String, links: [LinkEntry]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var svgs: Set<String> = []
        for link in links {
            guard let target = link.resolved else { continue }
            switch treatment(of: target) {
            case .block(let reason):
                diagnostics.append(Diagnostic(path: link.source, line: link.line, column: link.column, severity: .warning,
                                              code: "active-attachment", message: "link to \(target): \(reason); it is drawn as a broken link"))
            case .sanitizeSVG:
                svgs.insert(target)
            case .copy:
                continue
            }
        }
        for svg in svgs.sorted() {
            let reason: String
            if let data = FileManager.default.contents(atPath: root + "/" + svg) {
                guard case .failure(let refusal) = SVGSanitizer.sanitize(data) else { continue }
                reason = refusal.reason
            } else {
                reason = "it cannot be read"
            }
            diagnostics.append(Diagnostic(path: svg, line: 1, column: 1, severity: .warning, code: "unsafe-svg",
                                          message: "the SVG is not published: \(reason)"))
        }
        return diagnostics
    }
}
