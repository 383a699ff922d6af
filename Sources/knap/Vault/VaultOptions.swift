import ArgumentParser
import Foundation
import KnapVault

/// The options every vault command takes: where the vault is and where its index lives.
struct VaultOptions: ParsableArguments {
    @Option(help: "The vault folder.")
    var vault: String = "."

    @Option(help: "The index file (default: <vault>/.knap/index.sqlite).")
    var index: String?

    @OptionGroup var scan: ScanOptions

    /// Opens the index, rebuilding it if it is unusable, and brings it up to date with the vault.
    func openUpToDate(progress: @escaping (Int) -> Void = { _ in }) throws -> (VaultIndex, IndexReport) {
        do {
            let (opened, report, warnings) = try VaultIndex.openUpToDate(
                vault: vault, at: index, followExternalSymlinks: scan.followExternalSymlinks, waiting: {
                Terminal.error("knap: waiting for another knap process to finish updating the index…")
            }, progress: progress)
            for warning in warnings { Terminal.error("warning: \(warning)") }
            return (opened, report)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
    }

    /// A vault-relative path as the user can open it from the current directory.
    func displayPath(_ path: String) -> String {
        vault == "." || vault.isEmpty ? path : (vault as NSString).appendingPathComponent(path)
    }
}

/// Runs a library call and turns its typed error into a message and exit status 1.
func orFail<T>(_ body: () throws(IndexError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        Terminal.error("error: \(error)")
        throw ExitCode.failure
    }
}
