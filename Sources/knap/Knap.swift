import ArgumentParser
import CMimalloc
import Foundation
import KnapMarkdown

struct Knap: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "knap",
        abstract: "Obsidian notes as a checked knowledge base: parse, index, render and verify.",
        version: Knap.version,
        subcommands: [Parse.self, HTML.self, Index.self, Search.self, Links.self, Backlinks.self, Tags.self, Orphans.self, Check.self, Graph.self, Verify.self, Render.self]
    )
}

extension Knap {
    /// `0.1.0 (libcmark 0.30.2, mimalloc 209)`: the libraries that decide parsing and speed.
    static var version: String {
        "0.1.0 (libcmark \(CommonMark.version), mimalloc \(mi_version()))"
    }
}

/// Runs the CLI. Usage errors exit with status 2, as Unix tools do; a run
/// that worked but found problems exits with 1.
@main
enum Main {
    static func main() async {
        do {
            var command = try Knap.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = Knap.exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((Knap.fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            Knap.exit(withError: error)
        }
    }
}
