import Foundation

/// Finds the vault a command works on, the way git finds a repository: the folder given, else the
/// nearest folder from the current one upward that holds `.obsidian/` or `knap.yaml`, else the
/// current folder itself when it is a reasonable place for an index.
///
/// A `.knap/` folder is not a marker: an older run may have left one in the wrong place.
public struct VaultLocator: Sendable {
    /// More files than this under a folder without a marker: not taken as a vault by default.
    public static let defaultFileLimit = 50_000

    public var fileLimit = VaultLocator.defaultFileLimit

    /// The folder commands run from, absolute.
    public var currentFolder: String
    /// The user's home folder, never taken as a vault by default (nil: none).
    public var homeFolder: String?

    public init(currentFolder: String = FileManager.default.currentDirectoryPath,
                homeFolder: String? = ProcessInfo.processInfo.environment["HOME"]) {
        self.currentFolder = Self.standardized(currentFolder, from: "/")
        self.homeFolder = homeFolder.map { Self.standardized($0, from: "/") }
    }

    /// A vault found, and how.
    public struct Location: Sendable, Equatable {
        public enum Origin: Sendable, Equatable {
            /// Named on the command line.
            case given
            /// The nearest folder with `.obsidian/` or `knap.yaml`.
            case marker
            /// No marker anywhere above: the current folder, or the folder of the paths given.
            case unmarked
        }

        /// Absolute and standardized.
        public var root: String
        /// How to write the root from the current folder: `.`, `notes`, `../..`, or absolute.
        public var path: String
        public var origin: Origin
    }

    /// The vault for a command: `given` when there is one (it must be a folder), else discovered.
    public func locate(given: String?) throws(VaultLocatorError) -> Location {
        if let given {
            let root = Self.standardized(given, from: currentFolder)
            try Self.requireFolder(root, named: given)
            return Location(root: root, path: given, origin: .given)
        }
        if let marked = Self.marked(from: currentFolder) { return location(marked, origin: .marker) }
        try refuseTooBroad(currentFolder)
        return location(currentFolder, origin: .unmarked)
    }

    /// The vault of the note files and folders in `paths` (found from the first one): the nearest
    /// marked folder at or above it, else the folder itself (or, for a file, the current folder).
    public func locate(paths: [String]) throws(VaultLocatorError) -> Location {
        guard let first = paths.first else { return try locate(given: nil) }
        let absolute = Self.standardized(first, from: currentFolder)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder) else { throw .missing(first) }
        let start = isFolder.boolValue ? absolute : (absolute as NSString).deletingLastPathComponent
        if let marked = Self.marked(from: start) { return location(marked, origin: .marker) }
        if isFolder.boolValue {
            try refuseTooBroad(absolute)
            return location(absolute, origin: .unmarked)
        }
        try refuseTooBroad(currentFolder)
        return location(currentFolder, origin: .unmarked)
    }

    /// Whether `root` (a folder) holds at least one note, hidden folders aside.
    public static func hasNotes(_ root: String) -> Bool {
        guard let walker = FileManager.default.enumerator(
            at: URL(fileURLWithPath: root), includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]) else { return false }
        for case let url as URL in walker where url.pathExtension.lowercased() == "md" { return true }
        return false
    }

    /// The nearest folder from `start` upward that holds `.obsidian/` or `knap.yaml`.
    static func marked(from start: String) -> String? {
        var folder = start
        while true {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/.obsidian", isDirectory: &isFolder), isFolder.boolValue {
                return folder
            }
            if FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(VaultConfig.fileName)) {
                return folder
            }
            if folder == "/" || folder.isEmpty { return nil }
            folder = (folder as NSString).deletingLastPathComponent
        }
    }

    /// Throws when `folder`, taken without a marker, is `/`, the home folder or very large.
    private func refuseTooBroad(_ folder: String) throws(VaultLocatorError) {
        if folder == "/" { throw .tooBroad(folder, reason: "it is the root folder") }
        if folder == homeFolder { throw .tooBroad(folder, reason: "it is your home folder") }
        if Self.holdsMoreFiles(than: fileLimit, folder) {
            throw .tooBroad(folder, reason: "it holds more than \(fileLimit) files")
        }
    }

    private static func holdsMoreFiles(than limit: Int, _ folder: String) -> Bool {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return false }
        var count = 0
        while walker.nextObject() != nil {
            count += 1
            if count > limit { return true }
        }
        return false
    }

    private static func requireFolder(_ root: String, named name: String) throws(VaultLocatorError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder) else { throw .missing(name) }
        guard isFolder.boolValue else { throw .notAFolder(name) }
    }

    private func location(_ root: String, origin: Location.Origin) -> Location {
        Location(root: root, path: relative(root), origin: origin)
    }

    /// `folder` as written from the current folder: `.`, a path below it, `..` steps up, or absolute.
    func relative(_ folder: String) -> String {
        if folder == currentFolder { return "." }
        let base = currentFolder == "/" ? "/" : currentFolder + "/"
        if folder.hasPrefix(base) { return String(folder.dropFirst(base.count)) }
        if currentFolder.hasPrefix(folder == "/" ? "/" : folder + "/") {
            let below = currentFolder.dropFirst(folder.count).split(separator: "/").count
            return Array(repeating: "..", count: below).joined(separator: "/")
        }
        return folder
    }

    static func standardized(_ path: String, from base: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: base).appendingPathComponent(path)
        let result = url.standardizedFileURL.path
        return result.count > 1 && result.hasSuffix("/") ? String(result.dropLast()) : result
    }
}

/// Why no vault could be found.
public enum VaultLocatorError: Error, Equatable, CustomStringConvertible {
    case missing(String)
    case notAFolder(String)
    case tooBroad(String, reason: String)

    public var description: String {
        switch self {
        case .missing(let path): "\(path): no such file or folder"
        case .notAFolder(let path): "\(path) is a file, not a folder: give the folder that holds the notes"
        case .tooBroad(let path, let reason):
            "\(path) has no .obsidian/ or knap.yaml and \(reason): pass the vault folder (knap COMMAND DIR or --vault DIR), "
                + "or create knap.yaml in it"
        }
    }
}
