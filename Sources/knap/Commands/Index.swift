import ArgumentParser
import Foundation
import KnapVault

struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Bring the vault's index up to date: only files whose size, mtime and content changed are read."
    )

    @OptionGroup var vaultArgument: VaultArgument

    @OptionGroup var vaultOptions: VaultOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var output: OutputOptions

    func run() throws {
        output.apply()
        let vault = try vaultOptions.located(vaultArgument.folder)
        let line = ProgressLine()
        let injected = Self.faultInjection()
        let (_, report) = try vault.openUpToDate { count in
            injected(count)
            line.update("indexing: \(count) notes read")
        }
        line.clear()
        switch format {
        case .json:
            try Terminal.json(report, vault: vault.location.root)
        case .text:
            Terminal.out("indexed \(report.scanned) notes and \(report.attachments) attachments: "
                         + "\(report.changed) changed, \(report.removed) removed, \(report.relinked) links resolved, "
                         + String(format: "%.3f s", report.seconds))
        }
    }

    /// For crash tests only: `KNAP_TEST_KILL_AFTER=N` makes the process SIGKILL itself after re-indexing N notes,
    /// in the middle of the index transaction.
    private static func faultInjection() -> (Int) -> Void {
        guard let value = ProcessInfo.processInfo.environment["KNAP_TEST_KILL_AFTER"], let limit = Int(value) else {
            return { _ in }
        }
        return { count in
            if count >= limit { kill(getpid(), SIGKILL) }
        }
    }
}
