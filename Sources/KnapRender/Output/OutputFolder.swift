import Foundation
import KnapMarkdown
import KnapVault

/// What lives beside and inside a render's output folder besides the site: the lock that keeps two
/// renders apart, the staging folder of a first render, and the leftovers of renders that were killed.
///
/// Beside `--out site`, in its parent folder: `.site.knap.lock` (kept) and, while a first render
/// builds the site, `.site.knap-<UUID>/`. Inside it: `.knap-<UUID>.tmp` while a file is replaced.
/// A render takes the lock for its whole run; it notes in the lock file that it is running, then
/// that it is done. The next render that finds the note of a run that never finished (its process
/// died: the kernel let go of its lock), or no note at all, removes those staging folders and
/// temporary files: no render that is running can own them, since it would hold the lock.
enum OutputFolder {
    static let done = "done\n"

    /// `.NAME` for the output folder's name, shortened with a hash when it is long, so that the lock
    /// and staging names fit in a file name.
    private static func siblingBase(of output: String) -> (parent: String, base: String) {
        let url = URL(fileURLWithPath: output)
        let name = url.lastPathComponent
        let short = name.utf8.count <= 150 ? name : String(SitePaths.fitted(name).prefix(150))
        return (url.deletingLastPathComponent().path, "." + short)
    }

    static func lockPath(of output: String) -> String {
        let (parent, base) = siblingBase(of: output)
        return parent + "/" + base + ".knap.lock"
    }

    /// A new staging folder's path beside `output`.
    static func stagingFolder(for output: String) -> String {
        let (parent, base) = siblingBase(of: output)
        return parent + "/" + base + ".knap-" + UUID().uuidString
    }

    /// Takes the lock of `output` (calling `waiting` first if another render holds it), and removes
    /// what a killed render left. Nil, with a warning, where the lock file cannot be made (its parent
    /// folder is not writable): the render then runs unguarded.
    static func lock(_ output: String, waiting: () -> Void, report: inout RenderReport) -> FileLock? {
        let lock: FileLock
        try? FileManager.default.createDirectory(atPath: siblingBase(of: output).parent, withIntermediateDirectories: true)
        do {
            lock = try FileLock(path: lockPath(of: output), waiting: waiting)
        } catch {
            report.diagnostics.append(Diagnostic(path: output, line: 1, column: 1, severity: .warning, code: "output-lock",
                                                 message: "cannot lock the output folder (\(error)); a render into it at the same time could clash"))
            return nil
        }
        if lock.text != done { report.leftovers = removeLeftovers(of: output) }
        lock.store("rendering \(getpid())\n")
        return lock
    }

    /// Removes the staging folders beside `output` and the temporary files inside it; returns their paths.
    static func removeLeftovers(of output: String) -> [String] {
        var removed: [String] = []
        let (parent, base) = siblingBase(of: output)
        let staging = base + ".knap-"
        // `.NAME.knap-` and a UUID, nothing else (an output named `NAME.knap-x` has staging folders of its own).
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        where name.hasPrefix(staging) && UUID(uuidString: String(name.dropFirst(staging.count))) != nil {
            var isFolder: ObjCBool = false
            let path = parent + "/" + name
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue,
                  (try? FileManager.default.removeItem(atPath: path)) != nil else { continue }
            removed.append(path)
        }
        guard let files = FileManager.default.enumerator(atPath: output) else { return removed }
        while let relative = files.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            guard name.hasPrefix(".knap-"), name.hasSuffix(".tmp"),
                  (try? FileManager.default.removeItem(atPath: output + "/" + relative)) != nil else { continue }
            removed.append(output + "/" + relative)
        }
        return removed
    }
}
