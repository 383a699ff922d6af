import Dispatch
import Foundation
import KnapMarkdown

/// Reads, parses and hashes notes on all cores. The results come back in the order of the files.
enum ParallelReader {
    struct Read: Sendable {
        enum Outcome: Sendable {
            /// The note with its rows' values prepared, and its text.
            case parsed(PreparedNote, text: String)
            case failed(Diagnostic)
        }
        var outcome: Outcome
        /// The content hash; "" when the file could not be read.
        var hash: String
    }

    /// - Parameter resolver: when given, the file part of each link is resolved too (``PreparedNote/files``).
    static func read(_ files: [ScannedFile], root: String, resolver: LinkResolver? = nil) -> [Read] {
        let slots = Slots(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let read: Read
            switch VaultReader.read(files[index].path, root: root) {
            case .parsed(let note, let text):
                read = Read(outcome: .parsed(PreparedNote(note, resolver: resolver), text: text), hash: ContentHash.of(text))
            case .failed(let diagnostic):
                read = Read(outcome: .failed(diagnostic), hash: "")
            }
            slots.set(index, read)
        }
        return slots.values
    }

    /// One slot per file, each written by exactly one worker, read after all have finished.
    private final class Slots: @unchecked Sendable {
        private var storage: [Read?]
        private let lock = NSLock()

        init(count: Int) {
            storage = Array(repeating: nil, count: count)
        }

        func set(_ index: Int, _ value: Read) {
            lock.lock()
            storage[index] = value
            lock.unlock()
        }

        var values: [Read] {
            lock.lock()
            defer { lock.unlock() }
            return storage.compactMap { $0 }
        }
    }
}
