/// How a site is rendered.
public struct RenderOptions: Sendable, Hashable {
    /// Keep raw HTML from notes. Off by default: it is shown escaped.
    public var unsafeHTML: Bool = false
    /// How many embeds deep a transclusion may go before a placeholder is drawn instead.
    public var maxEmbedDepth: Int = 5
    /// The site's name, shown in page titles and on the index page.
    public var siteTitle: String?

    public init(unsafeHTML: Bool = false, maxEmbedDepth: Int = 5, siteTitle: String? = nil) {
        self.unsafeHTML = unsafeHTML
        self.maxEmbedDepth = maxEmbedDepth
        self.siteTitle = siteTitle
    }
}
