/// Compares a snippet's stdout with the expected lines.
///
/// Trailing whitespace on each line and trailing empty lines are ignored. A line holding only
/// `...` matches any run of lines (also none). Unordered output compares the lines as a multiset;
/// there a `...` line allows any extra lines.
public enum OutputMatcher {
    public static func matches(expected: [String], actual: String, unordered: Bool) -> Bool {
        let want = normalize(expected)
        let got = normalize(lines(actual))
        if unordered {
            var remaining: [String: Int] = [:]
            for line in got { remaining[line, default: 0] += 1 }
            let wildcard = want.contains("...")
            for line in want where line != "..." {
                guard let count = remaining[line], count > 0 else { return false }
                remaining[line] = count - 1
            }
            return wildcard || remaining.values.allSatisfy { $0 == 0 }
        }
        return glob(want[...], got[...])
    }

    /// Lines with trailing whitespace removed and trailing empty lines dropped.
    public static func normalize(_ lines: [String]) -> [String] {
        var result = lines.map { line -> String in
            var line = Substring(line)
            while let last = line.last, last == " " || last == "\t" || last == "\r" { line = line.dropLast() }
            return String(line)
        }
        while result.last == "" { result.removeLast() }
        return result
    }

    public static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Line-wise matching with `...` as a wildcard, by dynamic programming (no exponential backtracking).
    static func glob(_ pattern: ArraySlice<String>, _ lines: ArraySlice<String>) -> Bool {
        let p = Array(pattern), l = Array(lines)
        if !p.contains("...") { return p == l }
        // reachable[j]: the pattern prefix so far can match the first j lines.
        var reachable = [Bool](repeating: false, count: l.count + 1)
        reachable[0] = true
        for item in p {
            var next = [Bool](repeating: false, count: l.count + 1)
            if item == "..." {
                var any = false
                for j in 0...l.count { any = any || reachable[j]; next[j] = any }
            } else {
                for j in 0..<l.count where reachable[j] && l[j] == item { next[j + 1] = true }
            }
            reachable = next
        }
        return reachable[l.count]
    }
}
