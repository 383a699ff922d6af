import Testing
@testable import KnapMarkdown

@Suite struct SluggerTests {
    /// GitHub's rule, written plainly: the first use of a slug is itself, the next `-1`, `-2` …,
    /// skipping any slug already given.
    static func reference(_ texts: [String]) -> [String] {
        var given: Set<String> = []
        var repeats: [String: Int] = [:]
        return texts.map { text in
            let base = Slugger.slug(text)
            var candidate = base
            if given.contains(base) {
                var next = repeats[base, default: 0]
                repeat { next += 1; candidate = "\(base)-\(next)" } while given.contains(candidate)
                repeats[base] = next
            }
            given.insert(candidate)
            return candidate
        }
    }

    /// Few headings and many (past the point where the slugger changes how it remembers them),
    /// with repeats and headings that look like numbered repeats.
    @Test(arguments: [3, 15, 16, 17, 40, 200])
    func uniqueSlugsAsTheRuleGives(count: Int) {
        let words = ["Intro", "Setup", "Setup 1", "Setup", "setup-1", "Notes", "A", "a", "Setup-2", "Intro"]
        let texts = (0..<count).map { words[($0 * 7) % words.count] + ($0 % 5 == 0 ? "" : " \($0 % 4)") }
        var slugger = Slugger()
        let slugs = texts.map { slugger.unique($0) }
        #expect(slugs == Self.reference(texts))
        #expect(Set(slugs).count == slugs.count)
    }
}
