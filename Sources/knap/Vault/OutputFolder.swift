import ArgumentParser
import Foundation
import KnapVault

/// Checks `render --out` before a render starts, so that a wrong path gets one line saying what to do.
enum OutputFolder {
    static func check(_ out: String, vault: VaultLocator.Location) throws {
        let absolute = URL(fileURLWithPath: out, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/"))
            .standardizedFileURL.path
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder), !isFolder.boolValue {
            fail("--out \(out) is a file: give a folder for the site (it is created when missing)")
        }
        if absolute == vault.root || (vault.root + "/").hasPrefix(absolute + "/") {
            fail("--out \(out) holds the vault \(vault.path): give a folder inside it or beside it, such as \(vault.path)/site")
        }
        var existing = absolute
        while !FileManager.default.fileExists(atPath: existing, isDirectory: &isFolder), existing != "/" {
            existing = (existing as NSString).deletingLastPathComponent
        }
        if !isFolder.boolValue {
            fail("--out \(out): \(existing) is a file, not a folder: give another --out")
        }
        if access(existing, W_OK) != 0 {
            fail("--out \(out): \(existing) is not writable: give a folder you can write to")
        }
        if absolute.hasPrefix(vault.root + "/") {
            Terminal.error("knap: the output folder \(out) is inside the vault: it is left out of the scan")
        }
    }

    private static func fail(_ message: String) -> Never {
        Terminal.error("error: " + message)
        Terminal.exitNow(2)
    }
}
