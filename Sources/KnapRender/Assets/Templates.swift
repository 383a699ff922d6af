import Foundation
import KnapVault
import Mustache

/// The Mustache templates pages are drawn with. Each is built in; a vault overrides one by
/// putting a file of the same name in `.knap/templates/` (`note.mustache`, `layout.mustache`, …).
///
/// `{{x}}` is HTML-escaped by Mustache; only values that Knap made HTML itself (`content`, `body`)
/// are meant for `{{{x}}}`.
public enum Templates {
    public static let names = ["layout", "note", "index", "tag", "search", "notfound"]

    /// The built-in templates with the vault's overrides on top.
    /// A template that is a symlink to a file outside the vault stops the render, unless
    /// `followExternalSymlinks` (its text would be published). With `vaultTemplates` false, only the
    /// built-in templates are used.
    static func library(vault: String, followExternalSymlinks: Bool = false, vaultTemplates: Bool = true)
        throws(RenderError) -> (library: MustacheLibrary, overridden: [String], texts: [String]) {
        var library = MustacheLibrary()
        var overridden: [String] = []
        var texts: [String] = []
        let realVault = VaultScanner.realPath(Array(vault.utf8)) ?? Array(vault.utf8)
        for name in names {
            let file = vault + "/.knap/templates/" + name + ".mustache"
            var text = builtIn[name] ?? ""
            if vaultTemplates, !followExternalSymlinks, let real = VaultScanner.realPath(Array(file.utf8)),
               !real.starts(with: realVault + [UInt8(ascii: "/")]) {
                throw .badTemplate(file, reason: "a symbolic link to a file outside the vault (--follow-external-symlinks allows it)")
            }
            if vaultTemplates, let data = FileManager.default.contents(atPath: file) {
                guard let custom = String(validating: data, as: UTF8.self) else {
                    throw .badTemplate(file, reason: "not valid UTF-8")
                }
                text = custom
                overridden.append(name)
            }
            texts.append(text)
            do {
                try library.register(text, named: name)
            } catch {
                throw .badTemplate(overridden.contains(name) ? file : "built-in \(name)", reason: "\(error)")
            }
        }
        return (library, overridden, texts)
    }

    static let builtIn: [String: String] = [
        "layout": """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}}{{#siteTitle}} · {{siteTitle}}{{/siteTitle}}</title>
        <link rel="stylesheet" href="{{root}}_knap/style.css">
        </head>
        <body>
        <header class="site-header">
        <a class="site-title" href="{{root}}index.html">{{siteTitle}}</a>
        <form class="site-search" action="{{root}}search.html" method="get" role="search">
        <input type="search" name="q" placeholder="Search" aria-label="Search">
        </form>
        </header>
        <main>
        {{{content}}}
        </main>
        </body>
        </html>

        """,
        "note": """
        <article class="note{{#cssClasses}} {{.}}{{/cssClasses}}">
        <h1 class="note-title">{{title}}</h1>
        {{#hasAliases}}<p class="note-aliases">Also known as: {{#aliases}}<span class="alias">{{.}}</span> {{/aliases}}</p>{{/hasAliases}}
        {{#hasTags}}<p class="note-tags">{{#tags}}<a class="tag" href="{{href}}">#{{name}}</a> {{/tags}}</p>{{/hasTags}}
        {{#hasProperties}}
        <details class="properties"><summary>Properties</summary>
        <dl>
        {{#properties}}<dt>{{key}}</dt><dd>{{value}}</dd>
        {{/properties}}
        </dl>
        </details>
        {{/hasProperties}}
        {{#hasToc}}
        <nav class="toc" aria-label="Contents"><details open><summary>Contents</summary>
        <ul>
        {{#toc}}<li class="toc-level-{{level}}"><a href="{{href}}">{{text}}</a></li>
        {{/toc}}
        </ul>
        </details></nav>
        {{/hasToc}}
        <div class="note-body">
        {{{body}}}
        </div>
        <section class="backlinks">
        <h2 id="knap-backlinks">Backlinks</h2>
        {{#hasBacklinks}}<ul>
        {{#backlinks}}<li><a class="internal-link" href="{{href}}">{{title}}</a></li>
        {{/backlinks}}
        </ul>{{/hasBacklinks}}
        {{^hasBacklinks}}<p class="empty">No notes link here.</p>{{/hasBacklinks}}
        </section>
        </article>
        """,
        "index": """
        <h1>{{siteTitle}}</h1>
        <p class="site-counts">{{noteCount}} notes · <a href="search.html">Search</a></p>
        {{#folders}}
        <section class="folder">
        <h2>{{name}}</h2>
        <ul>
        {{#notes}}<li><a class="internal-link" href="{{href}}">{{title}}</a></li>
        {{/notes}}
        </ul>
        </section>
        {{/folders}}
        {{#hasTags}}
        <section class="tag-list">
        <h2>Tags</h2>
        <p>{{#tags}}<a class="tag" href="{{href}}">#{{name}}</a> <span class="count">({{count}})</span> {{/tags}}</p>
        </section>
        {{/hasTags}}
        """,
        "tag": """
        <h1>Tag <span class="tag">#{{name}}</span></h1>
        <ul>
        {{#notes}}<li><a class="internal-link" href="{{href}}">{{title}}</a></li>
        {{/notes}}
        </ul>
        """,
        "search": """
        <h1>Search</h1>
        <form id="search-form" action="search.html" method="get" role="search">
        <input id="search-input" type="search" name="q" placeholder="Words to find" aria-label="Words to find" autofocus>
        <button type="submit">Search</button>
        </form>
        <p id="search-status" role="status"></p>
        <ol id="search-results"></ol>
        <noscript><p>Search needs JavaScript.</p></noscript>
        \(SearchIndex.scriptTags)
        <script src="_knap/search.js"></script>
        """,
        "notfound": """
        <h1>Not found</h1>
        <p>There is no page here. Go to the <a href="{{root}}index.html">index</a> or <a href="{{root}}search.html">search</a>.</p>
        """,
    ]
}
