import Foundation
import KnapMarkdown
import KnapVault

extension SiteRenderer {
    /// Publishes the attachment `file` at site path `page` as ``AttachmentPolicy`` says (copied, or
    /// rewritten by ``SVGSanitizer``), unless the last render published the same file there
    /// (`cachedStamp`). Returns the stamp the cache keeps for it: its size and time, or
    /// ``RenderCache/privateStamp`` when it was not published (the diagnostic says why).
    func publish(_ file: ScannedFile, at page: String, cachedStamp: String?, vaultRoot: String, writer: SiteWriter,
                 report: inout RenderReport) throws(RenderError) -> String {
        let stamp = "\(file.size):\(file.mtime)"
        let treatment = AttachmentPolicy.treatment(of: file.path)
        if case .block = treatment { return RenderCache.privateStamp }
        if cachedStamp == stamp && writer.exists(page) {
            writer.keep(page)
            report.unchanged += 1
            report.attachments += 1
            return stamp
        }
        let source = vaultRoot + "/" + file.path
        guard treatment == .sanitizeSVG else {
            record(try writer.copy(from: source, to: page), page, in: &report)
            report.attachments += 1
            return stamp
        }
        guard let data = FileManager.default.contents(atPath: source) else {
            throw .cannotWrite(page, reason: "cannot read \(source)")
        }
        switch SVGSanitizer.sanitize(data) {
        case .success(let clean):
            record(try writer.write(clean, to: page), page, in: &report)
            report.attachments += 1
            return stamp
        case .failure(let refusal):
            report.diagnostics.append(Diagnostic(path: file.path, line: 1, column: 1, severity: .warning, code: "unsafe-svg",
                                                 message: "the SVG is not published: \(refusal.reason)"))
            return RenderCache.privateStamp
        }
    }
}
