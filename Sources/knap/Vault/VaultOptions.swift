import ArgumentParser
import Foundation
import KnapVault

/// The options every vault command takes: where the vault is and where its index lives.
struct VaultOptions: ParsableArguments {
    @Option(help: """
        The vault folder (default: the nearest folder from here upward with .obsidian/ or knap.yaml, \
        else the current folder).
        """)
    var vault: String?

    @Option(help: "The index file (default: <vault>/.knap/index.sqlite).")
    var index: String?

    @OptionGroup var scan: ScanOptions

    /// The vault: `positional` or `--vault` when given (not both), else found from `paths`, else
    /// discovered from the current folder. Prints why and exits 2 when there is none.
    func located(_ positional: String? = nil, paths: [String] = []) throws -> VaultLocation {
        if positional != nil, vault != nil {
            Terminal.error("error: give the vault either as an argument or with --vault, not both")
            throw ExitCode(2)
        }
        return VaultLocation(location: try Self.locate(given: positional ?? vault, paths: paths), index: index, scan: scan)
    }

    /// The vault `given`, else the one of `paths`, else the one around the current folder (see ``VaultLocator``).
    static func locate(given: String?, paths: [String] = []) throws -> VaultLocator.Location {
        let locator = VaultLocator()
        do {
            let location = given == nil && !paths.isEmpty ? try locator.locate(paths: paths) : try locator.locate(given: given)
            if location.origin == .unmarked, location.root == locator.currentFolder {
                Terminal.error("knap: no .obsidian/ or knap.yaml here or above: using the current folder as the vault")
            }
            return location
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(2)
        }
    }
}

/// A vault found by ``VaultOptions/located(_:paths:)``, with the index options.
struct VaultLocation {
    let location: VaultLocator.Location
    let index: String?
    let scan: ScanOptions

    /// The vault folder as written from the current folder.
    var path: String { location.path }

    /// Opens the index, rebuilding it if it is unusable, and brings it up to date with the vault.
    /// A vault without notes is an error (exit 1), and no index is created for it.
    func openUpToDate(progress: @escaping (Int) -> Void = { _ in }) throws -> (VaultIndex, IndexReport) {
        guard VaultLocator.hasNotes(location.root) else { throw noNotes() }
        do {
            let (opened, report, warnings) = try VaultIndex.openUpToDate(
                vault: path, at: index, followExternalSymlinks: scan.followExternalSymlinks, waiting: {
                Terminal.error("knap: waiting for another knap process to finish updating the index…")
            }, progress: progress)
            for warning in warnings { Terminal.error("warning: \(warning)") }
            if report.scanned == 0 { throw noNotes() }
            return (opened, report)
        } catch let error as ExitCode {
            throw error
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
    }

    private func noNotes() -> ExitCode {
        Terminal.error("error: no notes in \(path): a vault is a folder of .md files (give another with --vault DIR)")
        return ExitCode.failure
    }

    /// A vault-relative path as the user can open it from the current directory.
    func displayPath(_ relative: String) -> String {
        path == "." || path.isEmpty ? relative : (path as NSString).appendingPathComponent(relative)
    }
}

/// The vault as the optional first argument of a command that takes no other.
struct VaultArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("The vault folder (same as --vault).", valueName: "vault"))
    var folder: String?
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
