import Testing
@testable import KnapMarkdown

/// The fast reader of flat frontmatter must give exactly what Yams gives, or give up.
@Suite struct FlatFrontmatterTests {
    /// Read through `Frontmatter.read` (fast path first) and through Yams alone: the same frontmatter
    /// and the same diagnostics.
    private func expectSameAsYams(_ yaml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let fast = Frontmatter.read(yaml: yaml, firstLine: 2, lines: 1...40)
        let yams = Frontmatter.readWithYams(yaml: yaml, firstLine: 2, lines: 1...40)
        #expect(fast.0 == yams.0, "\(yaml.debugDescription)", sourceLocation: sourceLocation)
        #expect(fast.1 == yams.1, "\(yaml.debugDescription)", sourceLocation: sourceLocation)
    }

    @Test func commonFormsAreReadByTheFastPathAsYamsReadsThem() throws {
        let common = [
            "title: Note 1\ncreated: 2024-03-07\ntags: [project/alpha, idea]\naliases: [N1, Alias 1]\nstatus: draft",
            "created: 2022-11-09 19:20\nurl: https://example.com/a?b=c#d",
            "tags:\n  - a\n  - b/c\naliases:\n- One\n- Two words",
            "title: \"Quoted: with colon # and hash\"\nsubtitle: 'single \"double\" inside'",
            "empty:\nnothing: ~\nnone: null\nNull: Null\nlist: []\nitems:\n  -\n  - x",
            "cssclasses: wide dark\nrating: 5\nflag: true\ncount: x-y",
            "title: C# and F#\nname: Café ünïcödé 日本",
            "",
            "\n\n",
        ]
        for yaml in common {
            #expect(FlatFrontmatter.read(yaml) != nil, "\(yaml.debugDescription)")
            expectSameAsYams(yaml)
        }
        let read = try #require(FlatFrontmatter.read("tags:\n  - a\n  -\nday: 2024-01-02\nq: \"x\"\nn: null"))
        #expect(read == [FrontmatterProperty(key: "tags", value: .list([.scalar("a", plain: true), .null])),
                         FrontmatterProperty(key: "day", value: .scalar("2024-01-02", plain: true)),
                         FrontmatterProperty(key: "q", value: .scalar("x", plain: false)),
                         FrontmatterProperty(key: "n", value: .null)])
    }

    @Test func whatItDoesNotKnowGoesToYams() {
        let others = [
            "a: 1\na: 2",                       // duplicate key: Yams reports it
            "a: b # comment",
            "# comment\na: b",
            "a: |\n  block",
            "a: &x v\nb: *x",
            "a: !!str 5",
            "a: \"esc \\\" aped\"",
            "a: 'it''s'",
            "a: [x, \"y\"]",
            "a: [x, [y]]",
            "a:\n  b: c",
            "a: one\n  continued",
            "a:\tb",
            "a: b: c",
            "a: {b: c}",
            "a: [unclosed",
            "key:value",
            " a: b",
            "- a\n- b",
            "a: x\u{2028}y",
        ]
        for yaml in others {
            #expect(FlatFrontmatter.read(yaml) == nil, "\(yaml.debugDescription)")
            expectSameAsYams(yaml)
        }
    }

    /// Many generated blocks, built from tricky pieces: wherever the fast path answers, it answers as Yams.
    @Test func generatedFrontmattersMatchYams() {
        var random = SplitMix(seed: 20261124)
        var fastCount = 0
        let total = 4000
        for _ in 0..<total {
            let yaml = Self.generate(&random)
            if FlatFrontmatter.read(yaml) != nil { fastCount += 1 }
            expectSameAsYams(yaml)
        }
        // The generator makes both kinds: the test exercises the fast path, not only the fallback.
        #expect(fastCount > total / 5)
        #expect(fastCount < total * 9 / 10)
    }

    private static let keys = ["title", "tags", "tag", "aliases", "alias", "cssclasses", "created", "date created",
                               "status", "a", "a-b", "a.b", "_x", "1", "Tags", "null", "k ", "k\t", "#k", "-k", "k:k"]
    private static let values = [
        "", " ", "plain", "two words", "  spaced  ", "2022-11-09 19:20", "2024-01-02", "5", "-5", "true", "~", "null",
        "Null", "NULL", "a: b", "a:b", "a:", "http://x.y/z", "a #b", "a#b", "C#", "#tag", "\"#tag\"", "\"q\"", "\"\"",
        "''", "'s'", "\"a: b # c\"", "\"esc \\n\"", "'it''s'", "\"unclosed", "'unclosed", "\"a\" b", "[a, b]", "[]",
        "[ ]", "[a,b]", "[a, , b]", "[a, b,]", "[a, \"b\"]", "[#a, b]", "[a #b]", "[a, [b]]", "[a: b]", "[ a , b c ]",
        "[~, null, x]", "{a: b}", "|", ">", "|\n  x", "&anchor v", "*alias", "!!str 5", "!tag x", "%x", "@x", "`x`",
        "? x", "- a", "-", "a, b", "a,b", "é", "Café ünïcödé", "日本語", "x\u{85}y", "x\u{2028}y", "x\u{FEFF}y",
        "x\ty", "x\u{7}y", "trail ", "a] b", "a} b", "a [b] c", "...", "---x", "a 'b' c", "a \"b\" c", "a\\b",
    ]
    private static let items = ["a", "b c", "", "\"q\"", "'s'", "#x", "x #y", "a: b", "[a]", "- a", "~", "null", "é", "x:"]

    private static func generate(_ random: inout SplitMix) -> String {
        var lines: [String] = []
        for _ in 0..<random.next(below: 6) {
            let roll = random.next(below: 100)
            let key = random.next(below: 4) == 0 ? keys[random.next(below: keys.count)] : keys[random.next(below: 9)]
            if roll < 55 {
                lines.append(key + ":" + (random.next(below: 10) == 0 ? "" : " ") + values[random.next(below: values.count)])
            } else if roll < 80 {
                lines.append(key + ":")
                let indent = [0, 2, 2, 4][random.next(below: 4)]
                for _ in 0..<random.next(below: 4) {
                    let width = random.next(below: 8) == 0 ? indent + 1 : indent
                    lines.append(String(repeating: " ", count: width) + "-" + (random.next(below: 8) == 0 ? "" : " ")
                                 + items[random.next(below: items.count)])
                }
            } else if roll < 86 {
                lines.append("")
            } else if roll < 90 {
                lines.append("  continued")
            } else if roll < 93 {
                lines.append("# comment")
            } else if roll < 96 {
                lines.append(key + ": x # comment")
            } else {
                lines.append(key + ":\n  nested: map")
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// A small seeded generator, so the generated cases are the same on every run.
private struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(bound))
    }
}

@Suite struct FrontmatterFenceTests {
    @Test func fencesAreThreeDashesAndTrailingBlanks() {
        let fences = ["---", "--- ", "---\t \t", "---  "]
        let others = ["----", " ---", "---x", "-- -", "---\u{301}", "--- \u{301}", "", "---\r", "--", "-"]
        for fence in fences {
            let block = Frontmatter.block(in: Array((fence + "\n" + fence).utf8))
            #expect(block?.closing == 1 && block?.yaml.isEmpty == true, "\(fence.debugDescription)")
        }
        for other in others {
            #expect(Frontmatter.block(in: Array(("---\n" + other).utf8)) == nil, "\(other.debugDescription)")
            #expect(Frontmatter.block(in: Array((other + "\na: b\n---").utf8)) == nil, "\(other.debugDescription)")
        }
        // The YAML is the bytes between the fences; the block ends with its closing line.
        let text = Array("---\na: 1\n\nb: 2\n---\t\nbody\n---\n".utf8)
        let block = Frontmatter.block(in: text)
        #expect(block.map { String(decoding: text[$0.yaml], as: UTF8.self) } == "a: 1\n\nb: 2")
        #expect(block?.closing == 4)
        #expect(block?.end == 19)
        // Only the first 4,096 lines are looked at.
        let late = Array(("---\n" + String(repeating: "a\n", count: 4094) + "---\n").utf8)
        #expect(Frontmatter.block(in: late)?.closing == 4095)
        let tooLate = Array(("---\n" + String(repeating: "a\n", count: 4095) + "---\n").utf8)
        #expect(Frontmatter.block(in: tooLate) == nil)
        let note = NoteParser.parse("--- \t\ntitle: x\n---  \nbody\n", path: "n.md")
        #expect(note.frontmatter["title"] == .scalar("x", plain: true))
        #expect(note.frontmatter.lines == 1...3)
    }
}
