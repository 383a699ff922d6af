import Dispatch
import Foundation

/// Reads, parses and hashes notes on all cores. The results come back in the order of the files.
enum ParallelReader {
    struct Read: Sendable {
        var outcome: VaultReader.Outcome
        /// The content hash; "" when the file could not be read.
        var hash: String
    }

    static func read(_ files: [ScannedFile], root: String) -> [Read] {
        let slots = Slots(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let outcome = VaultReader.read(files[index].path, root: root)
            let hash: String
            switch outcome {
            case .parsed(_, let text): hash = ContentHash.of(text)
            case .failed: hash = ""
            }
            slots.set(index, Read(outcome: outcome, hash: hash))
        }
        return slots.values
    }

    /// Reads a batch in the background; ``wait()`` returns it.
    final class Prefetch: @unchecked Sendable {
        private let done = DispatchGroup()
        /// Written once by the background work, read only after `done` has been waited for.
        private var result: [Read] = []

        init(_ files: [ScannedFile], root: String) {
            done.enter()
            DispatchQueue.global().async {
                self.result = ParallelReader.read(files, root: root)
                self.done.leave()
            }
        }

        func wait() -> [Read] {
            done.wait()
            return result
        }
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
