import Foundation
import Testing
@testable import KnapVerify

extension ProcessTests {
@Suite struct MergeTests {
    static func cacheFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "knap-bincache-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    static func binaries(_ folder: String) -> [String: UInt64] {
        var found: [String: UInt64] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix("bin-") {
            let attributes = try? FileManager.default.attributesOfItem(atPath: folder + "/" + name)
            found[name] = (attributes?[.systemFileNumber] as? NSNumber)?.uint64Value
        }
        return found
    }

    static func note(_ markdown: String) throws -> String {
        let directory = NSTemporaryDirectory() + "knap-merge-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/Merge.md"
        try Data(markdown.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let sameNames = """
        ```swift
        let value = 1
        struct Box { let x: Int }
        print(Box(x: value).x)
        // Output:
        // 1
        ```

        ```swift
        let value = "two"
        struct Box { let y: String }
        print(Box(y: value).y)
        // Output:
        // two
        ```

        ```swift
        import Foundation
        let parts = "a,b".components(separatedBy: ",")
        print(parts.count)
        // Output:
        // 2
        ```
        """

    @Test func snippetsWithTheSameNamesShareOneBinaryAndASecondRunCompilesNothing() async throws {
        let folder = try Self.cacheFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try Self.note(Self.sameNames)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let results = await Support.verify([path]) { $0.binaryCacheDirectory = folder; $0.useCache = false }
        #expect(results.map(\.status) == [.pass, .pass, .pass])
        let first = Self.binaries(folder)
        #expect(first.count == 1, "one merged binary for three snippets, got \(first.keys)")

        let again = await Support.verify([path]) { $0.binaryCacheDirectory = folder; $0.useCache = false }
        #expect(again.map(\.status) == [.pass, .pass, .pass])
        // Same files, same inodes: nothing was compiled and stored again.
        #expect(Self.binaries(folder) == first)
    }

    @Test func noMergeCompilesEachSnippetOnItsOwn() async throws {
        let folder = try Self.cacheFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try Self.note(Self.sameNames)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let results = await Support.verify([path]) { $0.binaryCacheDirectory = folder; $0.useCache = false; $0.merge = false }
        #expect(results.map(\.status) == [.pass, .pass, .pass])
        #expect(Self.binaries(folder).count == 3)
    }

    @Test func aBrokenSnippetIsBlamedAndTheOthersStayMerged() async throws {
        let folder = try Self.cacheFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try Self.note(Self.sameNames + """


            ```swift
            let broken: Int = "nope"
            ```
            """)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let results = await Support.verify([path]) { $0.binaryCacheDirectory = folder; $0.useCache = false }
        #expect(results.map(\.status) == [.pass, .pass, .pass, .fail])
        // The broken snippet's diagnostic comes from its own compile and points at the note.
        #expect(results[3].details.first?.hasPrefix("\(path):26:19: error: cannot convert value of type 'String'") == true)
        // One merged binary for the three good snippets.
        #expect(Self.binaries(folder).count == 1)
    }

    @Test func fileScopeDeclarationsTakeTheStandalonePath() async throws {
        let snippet = Support.extract("""
            ```swift
            extension Int { var doubled: Int { self * 2 } }
            print(4.doubled)
            ```
            """).snippets[0]
        #expect(SwiftMerger.unmergeableReason(snippet) == "`extension` needs file scope")
        let folder = try Self.cacheFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try Self.note("""
            ```swift
            extension Int { var doubled: Int { self * 2 } }
            print(4.doubled)
            // Output:
            // 8
            ```

            ```swift
            print("plain")
            // Output:
            // plain
            ```
            """)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let results = await Support.verify([path]) { $0.binaryCacheDirectory = folder; $0.useCache = false }
        #expect(results.map(\.status) == [.pass, .pass])
    }

    @Test func aSnippetThatStartsItselfAgainComesBackIntoItself() async throws {
        let folder = try Self.cacheFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try Self.note(Self.sameNames + "\n\n" + (try String(contentsOfFile: Support.fixtures + "/passing/Self-spawn.md", encoding: .utf8)))
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let results = await Support.verify([path]) { $0.binaryCacheDirectory = folder; $0.useCache = false }
        #expect(results.map(\.status) == [.pass, .pass, .pass, .pass], "\(results.map(\.details))")
        #expect(Self.binaries(folder).count == 1, "the self-spawning snippet ran from the merged binary")
    }

    @Test func whenTheMergedRunDiffersTheStandaloneVerdictStands() async throws {
        let folder = try Self.cacheFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A local type's reflected name differs inside a merged function; standalone it is `Snippet.E.a`.
        let path = try Self.note(Self.sameNames + """


            ```swift
            enum E { case a }
            print([E.a])
            // Output:
            // [Snippet.E.a]
            ```
            """)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let results = await Support.verify([path]) { $0.binaryCacheDirectory = folder; $0.useCache = false }
        #expect(results.map(\.status) == [.pass, .pass, .pass, .pass])
    }

    @Test func importsWithAttributesAreHoisted() {
        #expect(SwiftMerger.isImport("@preconcurrency import Glibc"))
        #expect(SwiftMerger.isImport("import Foundation"))
        #expect(!SwiftMerger.isImport("importantValue = 1"))
        #expect(!SwiftMerger.isImport("import Foundation; print(1)"))
        let snippets = Support.extract("""
            ```swift
            @preconcurrency import Glibc
            print(getpid() > 0)
            ```
            """).snippets
        let program = SwiftMerger.program(snippets + snippets)
        #expect(program.source.hasPrefix("@preconcurrency import Glibc\n"))
        #expect(program.source.components(separatedBy: "import Glibc").count == 2)
    }

    @Test func binaryCachePathsAreAbsoluteSoSnippetsCanStartThemFromTheirFolders() {
        let cache = BinaryCache(directory: "vault/.knap/cache")
        #expect(cache.directory == FileManager.default.currentDirectoryPath + "/vault/.knap/cache")
        #expect(cache.path(for: "k").hasPrefix("/"))
    }

    @Test func binaryCacheEvictsTheOldestOverItsCap() throws {
        let folder = try Self.cacheFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cache = BinaryCache(directory: folder, capBytes: 2500)
        let source = folder + "/source"
        try Data(repeating: 7, count: 1000).write(to: URL(fileURLWithPath: source))
        chmod(source, 0o755)
        for key in ["a", "b", "c"] {
            #expect(cache.store(source, key: key) != nil)
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: key == "a" ? -300 : key == "b" ? -200 : 0)],
                                                  ofItemAtPath: cache.path(for: key))
        }
        cache.evict()
        #expect(Set(Self.binaries(folder).keys) == ["bin-b", "bin-c"])
    }
}
}
