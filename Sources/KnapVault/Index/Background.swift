import Dispatch

/// A piece of work (which may throw ``IndexError``) run on another thread; ``wait()`` returns its result:
/// the opening of the index beside the scan, and the next batch of notes read while one is written.
final class Background<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchGroup()
    /// Written once by the background work, read only after `done` has been waited for.
    private var result: Result<Value, IndexError>?

    init(_ work: @escaping @Sendable () throws(IndexError) -> Value) {
        done.enter()
        DispatchQueue.global().async {
            self.result = Result(catching: work)
            self.done.leave()
        }
    }

    func wait() -> Result<Value, IndexError> {
        done.wait()
        // Set before `done` was left.
        return result ?? .failure(.database("", reason: "background work did not finish"))
    }
}
