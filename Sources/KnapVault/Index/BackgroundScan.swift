import Dispatch

/// ``VaultIndex/scanVault(root:)`` on another thread; ``wait()`` returns its result.
final class BackgroundScan: @unchecked Sendable {
    private let done = DispatchGroup()
    /// Written once by the background work, read only after `done` has been waited for.
    private var result: Result<VaultScan, IndexError> = .success(VaultScan())

    init(root: String) {
        done.enter()
        DispatchQueue.global().async {
            self.result = Result { () throws(IndexError) -> VaultScan in try VaultIndex.scanVault(root: root) }
            self.done.leave()
        }
    }

    func wait() -> Result<VaultScan, IndexError> {
        done.wait()
        return result
    }
}
