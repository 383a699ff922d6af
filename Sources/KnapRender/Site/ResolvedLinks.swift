import KnapMarkdown
import KnapVault

/// The resolutions of one note's links, made once per render: the note's summary and its page
/// (hrefs, transclusions) both read them instead of asking the resolver again. Keyed by what
/// resolution depends on (the target, heading and block; the source is the note), so repeated
/// links are resolved once too.
struct ResolvedLinks: Sendable {
    struct Key: Hashable, Sendable {
        var target: String
        var heading: String?
        var block: String?

        init(_ link: Link) {
            target = link.target
            heading = link.heading
            block = link.block
        }
    }

    private var resolutions: [Key: LinkResolution] = [:]

    init(note: Note, resolver: LinkResolver) {
        resolutions.reserveCapacity(note.links.count)
        for link in note.links {
            let key = Key(link)
            if resolutions[key] == nil { resolutions[key] = resolver.resolve(link, from: note.path) }
        }
    }

    /// The resolution of `link` from this note, if it is one of the note's own links.
    subscript(link: Link) -> LinkResolution? {
        resolutions[Key(link)]
    }
}
