import Foundation
import KnapMarkdown
import KnapRender
import KnapVault

/// The command-specific keys of each `--format json` output, written inside ``JSONEnvelope``.
/// Documented in docs/JSON.md; optional values are written as null, never left out.
enum CommandJSON {
    struct Check: Encodable {
        let diagnostics: [CheckJSON]
        let errors: Int
        let warnings: Int
    }

    struct Search: Encodable {
        struct Hit: Encodable {
            let path: String, title: String, line: Int, snippet: String
            /// The relevance, higher is better: bm25 negated, to six decimals.
            let score: Decimal

            init(_ hit: SearchHit) {
                path = hit.path
                title = hit.title
                line = hit.line
                snippet = hit.snippet
                score = Decimal(string: String(format: "%.6f", -hit.score)) ?? 0
            }
        }

        let query: String
        let tag: String?
        let results: [Hit]

        private enum CodingKeys: String, CodingKey { case query, tag, results }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(query, forKey: .query)
            try container.encode(tag, forKey: .tag)
            try container.encode(results, forKey: .results)
        }
    }

    /// `knap links` and `knap backlinks`: the note asked about, and its links.
    struct Links: Encodable {
        struct Link: Encodable {
            /// `source` is the linking note, `target` the note or file it lands on (null: none or ambiguous).
            let source: String, line: Int, column: Int, written: String, embed: Bool
            let target: String?, anchor: String?, problem: String?

            init(_ entry: LinkEntry) {
                source = entry.source
                line = entry.line
                column = entry.column
                written = entry.target
                embed = entry.embed
                target = entry.resolved
                anchor = entry.anchor
                problem = entry.problem
            }

            private enum CodingKeys: String, CodingKey { case source, line, column, written, embed, target, anchor, problem }

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(source, forKey: .source)
                try container.encode(line, forKey: .line)
                try container.encode(column, forKey: .column)
                try container.encode(written, forKey: .written)
                try container.encode(embed, forKey: .embed)
                try container.encode(target, forKey: .target)
                try container.encode(anchor, forKey: .anchor)
                try container.encode(problem, forKey: .problem)
            }
        }

        let path: String
        let links: [Link]
    }

    struct Tags: Encodable {
        let tags: [TagCount]
    }

    struct Path: Encodable {
        let path: String
    }

    struct Orphans: Encodable {
        let orphans: [Path]
    }

    struct Graph: Encodable {
        struct Node: Encodable { let path: String, title: String }
        let nodes: [Node]
        let edges: [VaultGraph.Edge]

        init(_ graph: VaultGraph) {
            nodes = graph.nodes.map { Node(path: $0.id, title: $0.title) }
            edges = graph.edges
        }
    }
}

/// `knap render --format json`: what was written, what was left alone, the findings and the time.
struct RenderJSON: Encodable {
    let out: String
    let notes: Int
    let attachments: Int
    let written: [String]
    let unchanged: Int
    let removed: [String]
    let templates: [String]
    let diagnostics: [CheckJSON]
    let seconds: Decimal

    init(out: String, report: RenderReport, seconds: Double) {
        self.out = out
        notes = report.notes
        attachments = report.attachments
        written = report.written
        unchanged = report.unchanged
        removed = report.removed
        templates = report.overriddenTemplates
        diagnostics = report.diagnostics.map(CheckJSON.init)
        self.seconds = Decimal(string: String(format: "%.3f", seconds)) ?? 0
    }
}
