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
            library.render(page.context().merging(["root": root, "siteTitle": siteTitle]) { $1 }, withTemplate: name) ?? ""
        } else {
            BuiltInPages.content(page, root: root, siteTitle: siteTitle)
        }
        if mustache.contains("layout") {
            return library.render(["title": title, "siteTitle": siteTitle, "root": root, "content": content],
                                  withTemplate: "layout") ?? content
        }
        return BuiltInPages.layout(title: title, siteTitle: siteTitle, root: root, content: content)
    }
}
