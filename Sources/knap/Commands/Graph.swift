import ArgumentParser
import KnapVault

struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the graph of notes and the links between them, as Graphviz dot or JSON."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case dot, json
    }

    @OptionGroup var vaultArgument: VaultArgument

    @OptionGroup var vaultOptions: VaultOptions

    @Option(help: "Output format: dot or json.")
    var format: Format = .dot

    @OptionGroup var output: OutputOptions

    func run() throws {
        output.apply()
        let vault = try vaultOptions.located(vaultArgument.folder)
        let (index, _) = try vault.openUpToDate()
        let graph = try orFail { () throws(IndexError) in try index.graph() }
        switch format {
        case .json:
            try Terminal.json(CommandJSON.Graph(graph), vault: vault.location.root)
        case .dot:
            Terminal.out(Self.dot(graph))
        }
    }

    static func dot(_ graph: VaultGraph) -> String {
        var lines = ["digraph vault {", "  node [shape=box];"]
        for node in graph.nodes {
            lines.append("  \(quoted(node.id)) [label=\(quoted(node.title))];")
        }
        for edge in graph.edges {
            let weight = edge.count > 1 ? " [weight=\(edge.count)]" : ""
            lines.append("  \(quoted(edge.source)) -> \(quoted(edge.target))\(weight);")
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
