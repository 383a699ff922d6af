import Mustache

/// Draws whole pages: a page's content from its template, inside the layout. A template the
/// vault overrides is drawn by Mustache; a built-in one by ``BuiltInPages``, which gives the
/// same bytes faster.
struct PageDrawer: Sendable {
    let library: MustacheLibrary
    /// Templates drawn with Mustache: the vault's overrides (or all of them, to compare).
    let mustache: Set<String>
    let siteTitle: String
    let options: RenderOptions

    func draw(_ page: SitePage, title: String, at path: String) -> String {
        let root = options.root(of: path)
        let name = page.templateName
        let content = if mustache.contains(name) {
            library.render(Self.escapable(page.context().merging(["root": root, "siteTitle": siteTitle]) { $1 }),
                           withTemplate: name) ?? ""
        } else {
            BuiltInPages.content(page, root: root, siteTitle: siteTitle)
        }
        if mustache.contains("layout") {
            return library.render(Self.escapable(["title": title, "siteTitle": siteTitle, "root": root, "content": content]),
                                  withTemplate: "layout") ?? content
        }
        return BuiltInPages.layout(title: title, siteTitle: siteTitle, root: root, content: content)
    }

    /// Mustache escapes `&`, `<`, `>`, `"` and `'` one Character at a time, so a quote followed by
    /// a combining mark (one Character, `"́`) would pass unescaped and end an attribute. In the
    /// values handed to a vault's own templates, a zero-width space is put after such a character,
    /// which then is a Character of its own that Mustache escapes. `body` and `content` are HTML
    /// drawn by Knap (for `{{{…}}}`), and are left as they are.
    static func escapable(_ context: [String: Any]) -> [String: Any] {
        context.reduce(into: [:]) { result, entry in
            result[entry.key] = entry.key == "body" || entry.key == "content" ? entry.value : escapable(entry.value)
        }
    }

    private static func escapable(_ value: Any) -> Any {
        switch value {
        case let text as String: return escapable(text)
        case let list as [String]: return list.map(escapable(_:))
        case let list as [[String: Any]]: return list.map(escapable(_:))
        case let dictionary as [String: Any]: return escapable(dictionary)
        default: return value
        }
    }

    static func escapable(_ text: String) -> String {
        let special = "&<>\"'".unicodeScalars
        guard text.unicodeScalars.contains(where: { special.contains($0) }) else { return text }
        var out = String.UnicodeScalarView()
        for character in text {
            let scalars = character.unicodeScalars
            guard scalars.count > 1, let first = scalars.first, special.contains(first) else {
                out.append(contentsOf: scalars)
                continue
            }
            out.append(first)
            out.append("\u{200B}")
            out.append(contentsOf: scalars.dropFirst())
        }
        return String(out)
    }
}
