#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on a file, so that two `knap` processes never work on one thing at once:
/// the index (`<index>.lock`) or a render's output folder (`.<out>.knap.lock` beside it). The kernel
/// drops the lock when the process dies, even by SIGKILL.
///
/// The file's bytes are the holder's to use: a render notes in it that it is running, then that it is
/// done, so the next holder can tell that the last one was killed.
public final class FileLock: Sendable {
    /// Why the lock could not be taken.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        /// The file opened but the lock could not be taken (rather than the file not opening).
        public var notLocked = false
        public var description: String { "\(path): \(reason)" }
    }

    private let descriptor: Int32

    /// Takes the lock. When another process holds it, calls `waiting` once, then blocks until it is free.
    public init(path: String, waiting: () -> Void) throws(Failure) {
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw Failure(path: path, reason: String(cString: strerror(errno)))
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            waiting()
            while flock(descriptor, LOCK_EX) != 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw Failure(path: path, reason: "cannot take the lock: \(reason)", notLocked: true)
            }
        }
        self.descriptor = descriptor
    }

    /// The start (up to 256 bytes) of what the lock file holds.
    public var text: String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        return String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)
    }

    /// Replaces the lock file's bytes with `text` (no sync: it only has to outlive the process).
    public func store(_ text: String) {
        var bytes = Array(text.utf8)
        _ = ftruncate(descriptor, 0)
        _ = bytes.withUnsafeMutableBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
