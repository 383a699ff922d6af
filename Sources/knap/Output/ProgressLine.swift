import Foundation

/// A live progress line on stderr, for work that may take a while (`knap index`): drawn only on a
/// terminal, not with `--quiet`, and only once the work has run for half a second.
final class ProgressLine: @unchecked Sendable {
    private let started = Date()
    private var lastDrawn = Date.distantPast
    private var shown = false
    private let lock = NSLock()
    private let enabled = isatty(STDERR_FILENO) == 1 && !Terminal.style.quiet

    func update(_ text: @autoclosure () -> String) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(started) > 0.5, now.timeIntervalSince(lastDrawn) > 0.05 else { return }
        lastDrawn = now
        FileHandle.standardError.write(Data("\r\u{1B}[K\(Terminal.escaped(text()))".utf8))
        shown = true
    }

    func clear() {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}
