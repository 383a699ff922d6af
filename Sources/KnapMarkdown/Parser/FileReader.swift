#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole files as bytes, with one `open`, one `fstat` and `read`s straight into the array: for notes
/// (``NoteParser``) and for the files a render reads back (its cache, pages it may leave as they are).
public enum FileReader {
    /// The bytes of the regular file at `path`, whatever they are. Anything else is refused: a FIFO
    /// would block (it is opened without blocking, so that even the open does not) and a device such
    /// as `/dev/zero`, reached through a symlink, would never end.
    public static func bytes(atPath path: String) throws(NoteReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            switch errno {
            case ENOENT, ENOTDIR: throw .missing(path)
            case EACCES, EPERM: throw .unreadable(path, reason: "permission denied")
            default: throw .unreadable(path, reason: String(cString: strerror(errno)))
            }
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .unreadable(path, reason: String(cString: strerror(errno))) }
        if info.st_mode & S_IFMT == S_IFDIR { throw .directory(path) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .unreadable(path, reason: "not a regular file") }
        // Read straight into the array: as many bytes as `fstat` says and one more, which is
        // there only if the file grew meanwhile; then, and only then, on to the end. A file that
        // gives exactly its size is at its end: no second `read` to be told so.
        let size = max(Int(info.st_size), 0) + 1
        var failure: Int32?
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            while initialized < size {
                let count = readSome(descriptor, into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[initialized...])))
                if count == 0 { break }
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                initialized += count
                if initialized == size - 1 { break }
            }
        }
        var chunk = [UInt8](repeating: 0, count: failure == nil && bytes.count == size ? 4096 : 0)
        while failure == nil, !chunk.isEmpty {
            let count = chunk.withUnsafeMutableBytes { readSome(descriptor, into: $0) }
            if count == 0 { break }
            if count < 0 {
                if errno != EINTR { failure = errno }
                continue
            }
            bytes.append(contentsOf: chunk[..<count])
        }
        if let failure { throw .unreadable(path, reason: String(cString: strerror(failure))) }
        return bytes
    }
}

/// `read(2)`, named apart from the `read`s of the types here.
private func readSome(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
    read(descriptor, buffer.baseAddress, buffer.count)
}
