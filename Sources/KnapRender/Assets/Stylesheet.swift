/// The site's stylesheet: light and dark themes (following the system), readable on a phone.
enum Stylesheet {
    static let css = """
    :root {
      --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --accent: #7c3aed;
      --code-bg: #f6f8fa; --mark: #fff3a3; --broken: #b42318;
      --callout-note: 8, 109, 221; --callout-abstract: 0, 191, 188; --callout-info: 8, 109, 221;
      --callout-todo: 8, 109, 221; --callout-tip: 0, 191, 188; --callout-success: 8, 185, 78;
      --callout-question: 236, 117, 0; --callout-warning: 236, 117, 0; --callout-failure: 233, 49, 71;
      --callout-danger: 233, 49, 71; --callout-bug: 233, 49, 71; --callout-example: 120, 82, 238;
      --callout-quote: 158, 158, 158;
      --hl-keyword: #cf222e; --hl-string: #0a3069; --hl-comment: #6e7781; --hl-number: #0550ae; --hl-variable: #953800;
      --verify-pass: #1a7f37; --verify-fail: #cf222e;
    }
    @media (prefers-color-scheme: dark) {
      :root {
        --bg: #1e1e1e; --fg: #dadada; --muted: #a0a0a0; --border: #3f3f3f; --accent: #a78bfa;
        --code-bg: #2a2a2a; --mark: #6b5b00; --broken: #ff7b72;
        --hl-keyword: #ff7b72; --hl-string: #a5d6ff; --hl-comment: #8b949e; --hl-number: #79c0ff; --hl-variable: #ffa657;
        --verify-pass: #3fb950; --verify-fail: #ff7b72;
      }
    }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; }
    main { max-width: 46rem; margin: 0 auto; padding: 1rem; overflow-wrap: break-word; }
    a { color: var(--accent); }
    a.broken { color: var(--broken); text-decoration: underline dotted; cursor: not-allowed; }
    .site-header { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; justify-content: space-between;
      padding: .5rem 1rem; border-bottom: 1px solid var(--border); }
    .site-title { font-weight: 600; text-decoration: none; }
    .site-search input, #search-input { font: inherit; padding: .3rem .5rem; border: 1px solid var(--border);
      border-radius: 6px; background: var(--bg); color: var(--fg); max-width: 100%; }
    h1, h2, h3, h4, h5, h6 { line-height: 1.25; }
    pre { background: var(--code-bg); padding: .75rem; border-radius: 6px; overflow-x: auto; }
    code { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: .9em; }
    :not(pre) > code { background: var(--code-bg); padding: .1em .3em; border-radius: 4px; }
    .hl-keyword { color: var(--hl-keyword); } .hl-string { color: var(--hl-string); }
    .hl-comment { color: var(--hl-comment); font-style: italic; } .hl-number { color: var(--hl-number); }
    .hl-variable { color: var(--hl-variable); }
    .verify-badge { display: table; margin: -.6rem 0 1rem auto; padding: 0 .6em; font-size: .8em;
      border: 1px solid currentColor; border-radius: 1em; color: var(--muted); background: var(--bg); }
    .verify-badge.pass { color: var(--verify-pass); } .verify-badge.fail { color: var(--verify-fail); }
    .verify-badge.ran { font-style: italic; }
    .verify-language { opacity: .8; }
    mark { background: var(--mark); color: inherit; }
    img { max-width: 100%; height: auto; }
    table { border-collapse: collapse; display: block; overflow-x: auto; }
    th, td { border: 1px solid var(--border); padding: .3rem .6rem; }
    blockquote { margin: 0; padding-left: 1rem; border-left: 3px solid var(--border); color: var(--muted); }
    .tag { background: var(--code-bg); border-radius: 1em; padding: 0 .5em; text-decoration: none; font-size: .9em; }
    .note-tags, .note-aliases { color: var(--muted); }
    .toc { border: 1px solid var(--border); border-radius: 6px; padding: .25rem .75rem; margin: 1rem 0; }
    .toc ul { list-style: none; padding-left: 0; margin: .25rem 0; }
    .toc-level-2 { padding-left: 1em; } .toc-level-3 { padding-left: 2em; } .toc-level-4 { padding-left: 3em; }
    .toc-level-5 { padding-left: 4em; } .toc-level-6 { padding-left: 5em; }
    .properties { color: var(--muted); margin: .5rem 0; }
    .properties dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; }
    .properties dd { margin: 0; }
    .backlinks { border-top: 1px solid var(--border); margin-top: 2rem; }
    .backlinks .empty { color: var(--muted); }
    .task-list-item { list-style: none; } .task-list-item input { margin-left: -1.4em; }
    .callout { --callout-color: var(--callout-note); border-left: 4px solid rgb(var(--callout-color));
      background: rgba(var(--callout-color), .1); border-radius: 4px; padding: .5rem .75rem; margin: 1rem 0; }
    .callout-title { font-weight: 600; color: rgb(var(--callout-color)); display: flex; gap: .4rem; align-items: baseline; }
    summary.callout-title { cursor: pointer; display: list-item; }
    .callout-content > :first-child { margin-top: .25rem; } .callout-content > :last-child { margin-bottom: 0; }
    .callout-icon { margin-right: .4rem; } .callout-icon::before { content: "ℹ"; }
    .callout[data-callout-kind="abstract"] { --callout-color: var(--callout-abstract); }
    .callout[data-callout-kind="info"] { --callout-color: var(--callout-info); }
    .callout[data-callout-kind="todo"] { --callout-color: var(--callout-todo); }
    .callout[data-callout-kind="tip"] { --callout-color: var(--callout-tip); }
    .callout[data-callout-kind="tip"] .callout-icon::before { content: "✦"; }
    .callout[data-callout-kind="success"] { --callout-color: var(--callout-success); }
    .callout[data-callout-kind="success"] .callout-icon::before { content: "✔"; }
    .callout[data-callout-kind="question"] { --callout-color: var(--callout-question); }
    .callout[data-callout-kind="question"] .callout-icon::before { content: "?"; }
    .callout[data-callout-kind="warning"] { --callout-color: var(--callout-warning); }
    .callout[data-callout-kind="warning"] .callout-icon::before { content: "⚠"; }
    .callout[data-callout-kind="failure"] { --callout-color: var(--callout-failure); }
    .callout[data-callout-kind="failure"] .callout-icon::before { content: "✘"; }
    .callout[data-callout-kind="danger"] { --callout-color: var(--callout-danger); }
    .callout[data-callout-kind="danger"] .callout-icon::before { content: "‼"; }
    .callout[data-callout-kind="bug"] { --callout-color: var(--callout-bug); }
    .callout[data-callout-kind="example"] { --callout-color: var(--callout-example); }
    .callout[data-callout-kind="quote"] { --callout-color: var(--callout-quote); }
    .callout[data-callout-kind="quote"] .callout-icon::before { content: "❝"; }
    .transclusion { border-left: 2px solid var(--accent); padding-left: .75rem; margin: 1rem 0; }
    .transclusion-title { font-size: .85em; color: var(--muted); }
    .transclusion-cycle, .transclusion-too-deep, .transclusion-missing { color: var(--broken); font-style: italic; }
    .raw-html { font-family: ui-monospace, monospace; font-size: .9em; color: var(--muted); white-space: pre-wrap; }
    .math-display { overflow-x: auto; }
    #search-results li { margin-bottom: .75rem; } #search-results p { margin: .1rem 0; color: var(--muted); }
    @media (max-width: 600px) { body { font-size: 17px; } main { padding: .75rem; } }

    """
}
