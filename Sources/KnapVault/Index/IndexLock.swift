#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on `<index>.lock`, so that two `knap` processes never update one index at
/// once. The kernel drops the lock when the process dies, even by SIGKILL.
final class IndexLock: Sendable {
    private let descriptor: Int32

    /// Takes the lock. When another process holds it, calls `waiting` once, then blocks until it is free.
    init(path: String, waiting: () -> Void) throws(IndexError) {
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .cannotCreate(path, reason: String(cString: strerror(errno)))
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            waiting()
            while flock(descriptor, LOCK_EX) != 0 {
                if errno == EINTR { continue }
                close(descriptor)
                throw .locked(path)
            }
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
