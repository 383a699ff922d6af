import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Makes an SVG attachment safe to publish: it is parsed with a real XML parser (FoundationXML's
/// `XMLParser`, on libxml2) and written again from the parse events, keeping only an allowlist of SVG
/// elements and attributes. What is left cannot run a script or fetch anything:
///
/// - no `<script>`, `<foreignObject>`, animation (`<animate>`, `<set>`, which can animate an `href`
///   into `javascript:`), `<iframe>`, or any element outside the SVG namespace; a dropped element goes
///   with everything inside it;
/// - no event attributes (`on…`) nor any attribute not on the list;
/// - `href`/`xlink:href` only to a `#fragment` of the same file (and, on `<image>`, to a
///   `data:image/png|gif|jpeg|webp` picture); no `javascript:`, no external URL;
/// - `url(…)` in attributes and CSS only to a `#fragment`; CSS with `@import`, `expression`, escapes
///   or `image-set` is dropped;
/// - no DTD, so no entities: a document with `<!DOCTYPE` or `<!ENTITY` is refused before it is
///   parsed, the parser is told not to resolve external entities, and a declaration that still
///   reached the parser aborts it. (libxml2 would otherwise read `file:///…` entities into the text.)
///
/// Comments and processing instructions are dropped; text and attribute values are escaped again
/// (``HTMLText/escape(_:)``, which also turns control characters into U+FFFD).
public enum SVGSanitizer {
    /// Why an SVG cannot be published.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// Larger SVGs are not published.
    public static let maxBytes = 16 << 20

    /// The sanitised SVG, or why there is none.
    public static func sanitize(_ data: Data) -> Result<Data, Refusal> {
        if let refusal = precheck(data) { return .failure(refusal) }
        return rewrite(data)
    }

    /// The parse and rewrite alone, without ``precheck(_:)`` (which tests skip, to show that the
    /// parser on its own reads no entity either).
    static func rewrite(_ data: Data) -> Result<Data, Refusal> {
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        let writer = SVGWriter()
        parser.delegate = writer
        let parsed = parser.parse()
        if let refusal = writer.refusal { return .failure(refusal) }
        // libxml2 may stop at a cut-off end without an error: the root must have been closed.
        guard parsed, writer.closedRoot else {
            let code = parser.parserError.map { "XML error \(($0 as NSError).code)" } ?? "cut off"
            return .failure(Refusal(reason: "it does not parse as XML (\(code) at line \(parser.lineNumber))"))
        }
        return .success(Data(writer.output.utf8))
    }

    /// Refuses what must never reach the parser: a file too large, not UTF-8 (another encoding could
    /// hide a DTD from this check), declared in another encoding, or with a DTD or entity declaration.
    static func precheck(_ data: Data) -> Refusal? {
        guard data.count <= maxBytes else { return Refusal(reason: "it is larger than \(maxBytes >> 20) MB") }
        guard !data.contains(0), let text = String(data: data, encoding: .utf8) else {
            return Refusal(reason: "it is not UTF-8 text")
        }
        let upper = text.uppercased()
        if upper.contains("<!DOCTYPE") || upper.contains("<!ENTITY") {
            return Refusal(reason: "it has a DTD (<!DOCTYPE or <!ENTITY), which could read local files")
        }
        if text.hasPrefix("<?xml") || text.hasPrefix("\u{FEFF}<?xml"), let end = text.range(of: "?>") {
            let declaration = text[..<end.lowerBound].lowercased().replacingOccurrences(of: " ", with: "")
            if let encoding = declaration.range(of: "encoding=") {
                let value = declaration[encoding.upperBound...].dropFirst().prefix { $0 != "\"" && $0 != "'" }
                guard ["utf-8", "utf8", "us-ascii", "ascii"].contains(String(value)) else {
                    return Refusal(reason: "it declares the encoding \(value); only UTF-8 is published")
                }
            }
        }
        return nil
    }
}

/// Writes the allowed parts of an SVG as the parser reports them.
private final class SVGWriter: NSObject, XMLParserDelegate {
    static let svgNamespace = "http://www.w3.org/2000/svg"
    static let xlinkNamespace = "http://www.w3.org/1999/xlink"

    var output = ""
    var refusal: SVGSanitizer.Refusal?
    var sawRoot = false
    /// Whether the root element's end was seen.
    var closedRoot = false
    /// Open elements that were written (their names), to close them.
    private var open: [String] = []
    /// How deep inside a dropped element the parser is (0: not inside one).
    private var skipping = 0
    /// The open `<style>` element's text, checked as a whole when it closes.
    private var styleText: String?

    private func refuse(_ parser: XMLParser, _ reason: String) {
        if refusal == nil { refusal = SVGSanitizer.Refusal(reason: reason) }
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        if !sawRoot {
            guard elementName == "svg", namespaceURI == Self.svgNamespace else {
                refuse(parser, "its root element is not <svg> in the SVG namespace")
                return
            }
            sawRoot = true
        }
        if skipping > 0 || styleText != nil || namespaceURI != Self.svgNamespace || !SVGAllowlist.elements.contains(elementName) {
            skipping += 1
            return
        }
        var tag = "<" + elementName
        if open.isEmpty { tag += " xmlns=\"\(Self.svgNamespace)\" xmlns:xlink=\"\(Self.xlinkNamespace)\"" }
        for name in attributeDict.keys.sorted() {
            guard let value = attributeDict[name], SVGAllowlist.allows(attribute: name, value: value, on: elementName) else { continue }
            tag += " " + name + "=\"" + HTMLText.escape(value) + "\""
        }
        output += tag + ">"
        open.append(elementName)
        if elementName == "style" { styleText = "" }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if skipping > 0 {
            skipping -= 1
            return
        }
        guard let name = open.popLast() else { return }
        if name == "style", let css = styleText {
            styleText = nil
            if SVGAllowlist.isSafeCSS(css) { output += HTMLText.escape(css) }
        }
        output += "</" + name + ">"
        if open.isEmpty { closedRoot = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text(string)
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        text(String(decoding: CDATABlock, as: UTF8.self))
    }

    func parser(_ parser: XMLParser, foundIgnorableWhitespace whitespaceString: String) {
        text(whitespaceString)
    }

    private func text(_ string: String) {
        guard skipping == 0, !open.isEmpty else { return }
        if styleText != nil {
            styleText? += string
        } else {
            output += HTMLText.escape(string)
        }
    }

    // Declarations never get here (they are refused before parsing); if one does, the parse stops.
    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        refuse(parser, "it declares an entity")
    }

    func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        refuse(parser, "it declares an external entity")
    }

    func parser(_ parser: XMLParser, foundUnparsedEntityDeclarationWithName name: String, publicID: String?,
                systemID: String?, notationName: String?) {
        refuse(parser, "it declares an entity")
    }

    func parser(_ parser: XMLParser, foundElementDeclarationWithName elementName: String, model: String) {
        refuse(parser, "it has a DTD")
    }

    func parser(_ parser: XMLParser, foundAttributeDeclarationWithName attributeName: String, forElement elementName: String,
                type: String?, defaultValue: String?) {
        refuse(parser, "it has a DTD")
    }

    func parser(_ parser: XMLParser, foundNotationDeclarationWithName name: String, publicID: String?, systemID: String?) {
        refuse(parser, "it has a DTD")
    }

    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        refuse(parser, "it refers to an external entity")
        return nil
    }
}
