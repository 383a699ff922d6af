import Foundation
import Testing
@testable import KnapMarkdown

/// Reading a note gives the file's bytes whatever its size, and files whose size `stat` does not know.
@Suite struct NoteReadTests {
    @Test(arguments: [0, 1, 2, 4095, 4096, 4097, 65_536, 300_001])
    func readsEveryByte(size: Int) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("knap-read-\(UUID().uuidString).md").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = (0..<size).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try NoteParser.readBytes(path).bytes == bytes)
        #expect(try NoteParser.read(path) == NoteText(text: String(decoding: bytes, as: UTF8.self)))
    }

    /// `/proc` files say they are empty and are not.
    @Test func readsFilesThatStatCallsEmpty() throws {
        let status = try NoteParser.read("/proc/self/status").text
        #expect(status.contains("Name:"))
        #expect(status.utf8.count > 100)
    }

    /// Only regular files are read: a FIFO would block for ever and `/dev/zero` would never end.
    @Test func devicesAndFIFOsAreRefusedWithoutBlocking() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knap-read-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(mkfifo(folder + "/pipe.md", 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: folder + "/zero.md", withDestinationPath: "/dev/zero")
        for path in [folder + "/pipe.md", folder + "/zero.md", "/dev/null"] {
            #expect(throws: NoteReadError.unreadable(path, reason: "not a regular file")) { try NoteParser.read(path) }
        }
    }

    /// The shared reader gives any bytes, UTF-8 or not (the render reads its cache and pages back with it),
    /// and says what is wrong with a path that is not a readable file.
    @Test func fileReaderGivesAnyBytesAndNamesWhatIsWrong() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knap-read-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bytes: [UInt8] = [0x66, 0xFF, 0x00, 0xC3, 0x0A]
        try Data(bytes).write(to: URL(fileURLWithPath: folder + "/data.bin"))
        #expect(try FileReader.bytes(atPath: folder + "/data.bin") == bytes)
        #expect(throws: NoteReadError.directory(folder)) { try FileReader.bytes(atPath: folder) }
        #expect(throws: NoteReadError.missing(folder + "/none")) { try FileReader.bytes(atPath: folder + "/none") }
    }
}
