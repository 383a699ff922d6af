/// The built-in templates (``Templates/builtIn``) written out as Swift: the same bytes Mustache
/// draws from them, without its dynamic lookups (which took most of a full render's time).
/// A vault that overrides a template gets Mustache for that template. A test draws the
/// fixture vaults both ways and compares.
///
/// One difference, on purpose: Mustache escapes per Character, so it leaves `"` or `<`
/// followed by a combining mark unescaped; this escapes every `&`, `<`, `>`, `"` and `'`.
enum BuiltInPages {
    /// The `layout` template around a page's content.
    static func layout(title: String, siteTitle: String, root: String, content: String) -> String {
        var out = ""
        out.reserveCapacity(content.utf8.count + 1024)
        out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
        escape(title, into: &out)
        out += " · "
        escape(siteTitle, into: &out)
        out += "</title>\n<link rel=\"stylesheet\" href=\""
        escape(root, into: &out)
        out += "_knap/style.css\">\n</head>\n<body>\n<header class=\"site-header\">\n<a class=\"site-title\" href=\""
        escape(root, into: &out)
        out += "index.html\">"
        escape(siteTitle, into: &out)
        out += "</a>\n<form class=\"site-search\" action=\""
        escape(root, into: &out)
        out += "search.html\" method=\"get\" role=\"search\">\n"
        out += "<input type=\"search\" name=\"q\" placeholder=\"Search\" aria-label=\"Search\">\n</form>\n</header>\n<main>\n"
        out += content
        out += "\n</main>\n</body>\n</html>\n"
        return out
    }

    /// A page's content, drawn from the built-in template for its kind.
    static func content(_ page: SitePage, root: String, siteTitle: String) -> String {
        switch page {
        case .note(let note): self.note(note)
        case .index(let index): self.index(index, siteTitle: siteTitle)
        case .tag(let name, let notes): tag(name: name, notes: notes)
        case .search: Templates.builtIn["search"] ?? ""
        case .notFound: notFound(root: root)
        }
    }

    static func note(_ note: SitePage.NoteValues) -> String {
        var out = ""
        out.reserveCapacity(note.body.utf8.count + 2048)
        out += "<article class=\"note"
        for name in note.cssClasses {
            out += " "
            escape(name, into: &out)
        }
        out += "\">\n<h1 class=\"note-title\">"
        escape(note.title, into: &out)
        out += "</h1>\n"
        if !note.aliases.isEmpty {
            out += "<p class=\"note-aliases\">Also known as: "
            for alias in note.aliases {
                out += "<span class=\"alias\">"
                escape(alias, into: &out)
                out += "</span> "
            }
            out += "</p>"
        }
        out += "\n"
        if !note.tags.isEmpty {
            out += "<p class=\"note-tags\">"
            for tag in note.tags {
                out += "<a class=\"tag\" href=\""
                escape(tag.href, into: &out)
                out += "\">#"
                escape(tag.text, into: &out)
                out += "</a> "
            }
            out += "</p>"
        }
        out += "\n"
        if !note.properties.isEmpty {
            out += "<details class=\"properties\"><summary>Properties</summary>\n<dl>\n"
            for property in note.properties {
                out += "<dt>"
                escape(property.key, into: &out)
                out += "</dt><dd>"
                escape(property.value, into: &out)
                out += "</dd>\n"
            }
            out += "</dl>\n</details>\n"
        }
        if !note.toc.isEmpty {
            out += "<nav class=\"toc\" aria-label=\"Contents\"><details open><summary>Contents</summary>\n<ul>\n"
            for entry in note.toc {
                out += "<li class=\"toc-level-"
                out += String(entry.level)
                out += "\"><a href=\""
                escape(entry.href, into: &out)
                out += "\">"
                escape(entry.text, into: &out)
                out += "</a></li>\n"
            }
            out += "</ul>\n</details></nav>\n"
        }
        out += "<div class=\"note-body\">\n"
        out += note.body
        out += "\n</div>\n<section class=\"backlinks\">\n<h2 id=\"knap-backlinks\">Backlinks</h2>\n"
        if note.backlinks.isEmpty {
            out += "\n<p class=\"empty\">No notes link here.</p>\n"
        } else {
            out += "<ul>\n"
            list(note.backlinks, into: &out)
            out += "</ul>\n\n"
        }
        out += "</section>\n</article>"
        return out
    }

    static func index(_ index: SitePage.IndexValues, siteTitle: String) -> String {
        var out = "<h1>"
        escape(siteTitle, into: &out)
        out += "</h1>\n<p class=\"site-counts\">"
        out += String(index.noteCount)
        out += " notes · <a href=\"search.html\">Search</a></p>\n"
        for folder in index.folders {
            out += "<section class=\"folder\">\n<h2>"
            escape(folder.name, into: &out)
            out += "</h2>\n<ul>\n"
            list(folder.notes, into: &out)
            out += "</ul>\n</section>\n"
        }
        if !index.tags.isEmpty {
            out += "<section class=\"tag-list\">\n<h2>Tags</h2>\n<p>"
            for tag in index.tags {
                out += "<a class=\"tag\" href=\""
                escape(tag.href, into: &out)
                out += "\">#"
                escape(tag.name, into: &out)
                out += "</a> <span class=\"count\">("
                out += String(tag.count)
                out += ")</span> "
            }
            out += "</p>\n</section>\n"
        }
        return out
    }

    static func tag(name: String, notes: [SitePage.Item]) -> String {
        var out = "<h1>Tag <span class=\"tag\">#"
        escape(name, into: &out)
        out += "</span></h1>\n<ul>\n"
        list(notes, into: &out)
        out += "</ul>"
        return out
    }

    static func notFound(root: String) -> String {
        var out = "<h1>Not found</h1>\n<p>There is no page here. Go to the <a href=\""
        escape(root, into: &out)
        out += "index.html\">index</a> or <a href=\""
        escape(root, into: &out)
        out += "search.html\">search</a>.</p>"
        return out
    }

    /// `<li>` links to notes, one per line.
    private static func list(_ items: [SitePage.Item], into out: inout String) {
        for item in items {
            out += "<li><a class=\"internal-link\" href=\""
            escape(item.href, into: &out)
            out += "\">"
            escape(item.text, into: &out)
            out += "</a></li>\n"
        }
    }

    /// Appends `text` with `&`, `<`, `>`, `"` and `'` escaped as Mustache's `{{…}}` does.
    static func escape(_ text: String, into out: inout String) {
        let utf8 = text.utf8
        guard text.containsUTF8Byte(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            out += text
            return
        }
        var start = utf8.startIndex
        var index = start
        while index < utf8.endIndex {
            let replacement: String? = switch utf8[index] {
            case 0x26: "&amp;"
            case 0x3C: "&lt;"
            case 0x3E: "&gt;"
            case 0x22: "&quot;"
            case 0x27: "&#39;"
            default: nil
            }
            if let replacement {
                out += text[start..<index]
                out += replacement
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        out += text[start..<utf8.endIndex]
    }
}
