/// The search page's script: plain JavaScript, no network. The index is loaded as scripts
/// (`search-index-NN.js` fill `window.KNAP_SEARCH`), so it works from `file://` as well as over HTTP.
/// Results are ordered by score, then title, then page: not by the order of the shards.
/// Results are built with DOM calls and `textContent` only, never `innerHTML`.
enum SearchScript {
    static let js = """
    (function () {
      "use strict";
      var index = window.KNAP_SEARCH || [];
      var input = document.getElementById("search-input");
      var status = document.getElementById("search-status");
      var list = document.getElementById("search-results");
      if (!input || !list) { return; }

      function words(text) {
        return text.toLowerCase().split(/[^\\p{L}\\p{N}_]+/u).filter(function (w) { return w.length > 0; });
      }

      function snippet(text, word) {
        var at = text.toLowerCase().indexOf(word);
        if (at < 0) { return text.slice(0, 160); }
        var start = Math.max(0, at - 60);
        return (start > 0 ? "…" : "") + text.slice(start, start + 160) + "…";
      }

      function search(query) {
        var wanted = words(query);
        var results = [];
        if (wanted.length === 0) { return results; }
        index.forEach(function (entry) {
          var title = entry.title.toLowerCase();
          var heads = entry.headings.join(" ").toLowerCase();
          var tags = entry.tags.join(" ").toLowerCase();
          var body = entry.text.toLowerCase();
          var score = 0;
          for (var i = 0; i < wanted.length; i++) {
            var w = wanted[i];
            var found = 0;
            if (title.indexOf(w) >= 0) { found += 10; }
            if (tags.indexOf(w) >= 0) { found += 5; }
            if (heads.indexOf(w) >= 0) { found += 3; }
            if (body.indexOf(w) >= 0) { found += 1; }
            if (found === 0) { return; }
            score += found;
          }
          results.push({ entry: entry, score: score });
        });
        results.sort(function (a, b) { return b.score - a.score || a.entry.title.localeCompare(b.entry.title) ||
            (a.entry.url < b.entry.url ? -1 : a.entry.url > b.entry.url ? 1 : 0); });
        return results.slice(0, 100);
      }

      function show(query) {
        while (list.firstChild) { list.removeChild(list.firstChild); }
        var results = search(query);
        var first = words(query)[0] || "";
        results.forEach(function (result) {
          var item = document.createElement("li");
          item.className = "search-result";
          var link = document.createElement("a");
          link.href = result.entry.url;
          link.textContent = result.entry.title;
          item.appendChild(link);
          var text = document.createElement("p");
          text.textContent = snippet(result.entry.text, first);
          item.appendChild(text);
          list.appendChild(item);
        });
        if (status) {
          status.textContent = query.trim() === "" ? "" :
            results.length + (results.length === 1 ? " note" : " notes") + " found";
        }
      }

      var params = new URLSearchParams(window.location.search);
      var initial = params.get("q") || "";
      input.value = initial;
      show(initial);
      input.addEventListener("input", function () {
        show(input.value);
        if (window.history && window.history.replaceState && window.location.protocol !== "file:") {
          window.history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
        }
      });
    })();

    """
}
