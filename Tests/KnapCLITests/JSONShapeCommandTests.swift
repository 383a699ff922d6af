import Foundation
import Testing

/// Every `--format json` output is one object, `{"knap", "vault", …}`, with paths relative to the
/// vault, null for absent values and `[]` for empty lists (issue 17 §2; docs/JSON.md).
@Suite struct JSONShapeCommandTests {
    private func object(_ arguments: [String], in folder: String) throws -> [String: Any] {
        let result = try KnapBinary.run(arguments + ["--format", "json"], in: folder)
        #expect(!result.stdout.contains("\u{1B}"))
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(arguments)")
    }

    private func items(_ object: [String: Any], _ key: String) -> [[String: Any]] {
        object[key] as? [[String: Any]] ?? []
    }

    @Test func everyVaultCommandWritesOneObjectWithVaultRelativePaths() throws {
        let vault = try KnapBinary.copy("check")
        defer { try? FileManager.default.removeItem(atPath: vault) }
        // From the parent folder: paths must still be relative to the vault, not to here.
        let parent = (vault as NSString).deletingLastPathComponent
        let name = (vault as NSString).lastPathComponent
        let root = URL(fileURLWithPath: vault).standardizedFileURL.path
        let shapes: [([String], Set<String>)] = [
            (["index", name], ["scanned", "changed", "removed", "attachments", "relinked", "seconds"]),
            (["check", name], ["diagnostics", "errors", "warnings"]),
            (["search", "--vault", name, "topic"], ["query", "tag", "results"]),
            (["links", "--vault", name, "Home"], ["path", "links"]),
            (["backlinks", "--vault", name, "Home"], ["path", "links"]),
            (["tags", name], ["tags"]),
            (["orphans", name], ["orphans"]),
            (["graph", name], ["nodes", "edges"]),
        ]
        for (arguments, keys) in shapes {
            let object = try object(arguments, in: parent)
            #expect(Set(object.keys) == keys.union(["knap", "vault"]), "\(arguments)")
            #expect((object["knap"] as? String)?.hasPrefix("0.") == true)
            #expect(object["vault"] as? String == root, "\(arguments)")
        }
        let check = try object(["check", name], in: parent)
        #expect(items(check, "diagnostics").allSatisfy { ($0["path"] as? String)?.hasPrefix(name) == false })
        let search = try object(["search", "--vault", name, "topic"], in: parent)
        #expect(search["tag"] is NSNull)
        let scores = items(search, "results").compactMap { $0["score"] as? Double }
        #expect(!scores.isEmpty && scores.allSatisfy { $0 > 0 } && scores == scores.sorted(by: >))
        #expect(Set(items(search, "results").first?.keys ?? [:].keys) == ["path", "title", "line", "snippet", "score"])
        let links = try object(["links", "--vault", name, "Home"], in: parent)
        #expect(links["path"] as? String == "Home.md")
        let first = try #require(items(links, "links").first)
        #expect(Set(first.keys) == ["source", "line", "column", "written", "embed", "target", "anchor", "problem"])
        #expect(first["source"] as? String == "Home.md" && first["target"] is NSNull && first["anchor"] is NSNull)
        #expect(items(links, "links").contains { $0["target"] as? String == "Guide.md" && $0["problem"] is NSNull })
        #expect(Set(items(try object(["tags", name], in: parent), "tags").first?.keys ?? [:].keys) == ["tag", "count"])
        #expect(items(try object(["orphans", name], in: parent), "orphans").first?["path"] as? String == "Binary.md")
        let graph = try object(["graph", name], in: parent)
        #expect(Set(items(graph, "nodes").first?.keys ?? [:].keys) == ["path", "title"])
        #expect(Set(items(graph, "edges").first?.keys ?? [:].keys) == ["source", "target", "count"])
    }

    @Test func emptyListsAreWrittenAsEmptyBrackets() throws {
        let vault = try KnapBinary.copy("check")
        defer { try? FileManager.default.removeItem(atPath: vault) }
        let result = try KnapBinary.run(["search", "zzzunfound", "--format", "json"], in: vault)
        #expect(result.stdout.contains("\"results\" : []"))
        #expect(!result.stdout.contains("[\n\n"))
    }

    @Test func renderAndVerifyAndParseShareTheEnvelope() throws {
        let vault = try KnapBinary.copy("render-verify")
        let site = vault + "-site"
        defer {
            try? FileManager.default.removeItem(atPath: vault)
            try? FileManager.default.removeItem(atPath: site)
        }
        let verify = try object(["verify", "-j", "1"], in: vault)
        #expect(Set(verify.keys) == ["knap", "vault", "results", "summary"])
        #expect(items(verify, "results").allSatisfy { ($0["path"] as? String)?.hasPrefix("/") == false })
        let render = try object(["render", "--out", site], in: vault)
        #expect(Set(render.keys) == ["knap", "vault", "out", "notes", "attachments", "written", "unchanged", "removed",
                                     "templates", "diagnostics", "seconds"])
        #expect(render["notes"] as? Int == 2)
        #expect((render["written"] as? [String])?.contains("snippets.html") == true)
        let again = try object(["render", "--out", site], in: vault)
        #expect((again["written"] as? [String]) == [] && (again["unchanged"] as? Int ?? 0) > 0)
        let parse = try object(["parse", vault + "/Plain.md"], in: vault)
        #expect(parse["vault"] is NSNull && parse["knap"] is String)
    }
}
