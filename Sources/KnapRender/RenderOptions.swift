/// How a site is rendered.
public struct RenderOptions: Sendable, Hashable {
    /// Keep raw HTML from notes. Off by default: it is shown escaped.
    public var unsafeHTML: Bool = false
    /// How many embeds deep a transclusion may go before a placeholder is drawn instead.
    public var maxEmbedDepth: Int = 5
    /// The site's name, shown in page titles and on the index page.
    public var siteTitle: String?
    /// Where the site is served from (`https://example.org/notes/`). Only the 404 page uses
    /// it: a server shows that page at any missing address, where relative links would not
    /// find the stylesheet. Without it every link is relative, which `file://` needs.
    public var siteURL: String?
    /// Publish what symlinks outside the vault point to. Off by default, and only ever set from the
    /// command line (see ``VaultScanner``).
    public var followExternalSymlinks: Bool = false
    /// Draw with the vault's own templates (`.knap/templates/`), which are the vault author's code
    /// and may hold scripts. `knap render --no-vault-templates` turns them off.
    public var vaultTemplates: Bool = true

    public init(unsafeHTML: Bool = false, maxEmbedDepth: Int = 5, siteTitle: String? = nil, siteURL: String? = nil,
                followExternalSymlinks: Bool = false, vaultTemplates: Bool = true) {
        self.unsafeHTML = unsafeHTML
        self.maxEmbedDepth = maxEmbedDepth
        self.siteTitle = siteTitle
        self.siteURL = siteURL
        self.followExternalSymlinks = followExternalSymlinks
        self.vaultTemplates = vaultTemplates
    }

    /// The root that the page at `path` uses for its links.
    func root(of path: String) -> String {
        if path == "404.html", let siteURL, !siteURL.isEmpty {
            return siteURL.hasSuffix("/") ? siteURL : siteURL + "/"
        }
        return SitePaths.root(from: path)
    }
}
