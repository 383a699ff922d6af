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
        useLargePages()
        do {
            var command: any ParsableCommand
            if let direct = directCommand() {
                command = direct
            } else {
                command = try Knap.parseAsRoot()
            }
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)  // Its message is printed already.
        } catch {
            let code = Knap.exitCode(for: error)
            if code == .validationFailure {
                Terminal.error(Knap.fullMessage(for: error))
                Foundation.exit(2)
            }
            Knap.exit(withError: error)
        }
    }
}

extension Main {
    /// `knap SUBCOMMAND ARGS…` parsed as that subcommand alone, or nil for the full parse.
    ///
    /// A parse from the root also builds the argument sets of every command in the tree, to look for a
    /// completion-script request: about 2 M of the 37 M instructions of an up-to-date `knap index` of a
    /// thousand notes. A known subcommand whose arguments parse is run directly; help, version,
    /// completion and anything that fails to parse go through the full parse, so their output and
    /// messages stay ArgumentParser's own.
    static func directCommand() -> (any ParsableCommand)? {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, !name.hasPrefix("-"),
              let subcommand = Knap.configuration.subcommands.first(where: { $0._commandName == name }),
              !arguments.contains(where: { $0 == "-h" || $0 == "--help" || $0.hasPrefix("--generate-completion")
                                               || $0.hasPrefix("--experimental") || $0 == "--version" })
        else { return nil }
        return try? subcommand.parseAsRoot(Array(arguments.dropFirst()))
    }
}

extension Main {
    /// Lets mimalloc take memory in 2 MiB pages (transparent huge pages, where the kernel allows
    /// them), unless `MIMALLOC_LARGE_OS_PAGES` says otherwise. A full render of 10,000 notes builds
    /// about 200 MB of note trees: one page fault per 2 MiB instead of one per 4 KiB takes it from
    /// about 47,000 minor faults to 11,000.
    static func useLargePages() {
        guard getenv("MIMALLOC_LARGE_OS_PAGES") == nil else { return }
        mi_option_set_enabled(mi_option_large_os_pages, true)
    }
}
