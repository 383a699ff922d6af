import Foundation

/// A live progress line on stderr, for work that may take a while (`knap index`, `knap render`): drawn only on a
/// terminal, not with `--quiet`, and only once the work has run for half a second.
final class ProgressLine: @unchecked Sendable {
    private let started = Date()
    private var lastDrawn = Date.distantPast
    private var shown = false
    private var timer: (any DispatchSourceTimer)?
    private var stopped = false
    private let lock = NSLock()
    private let enabled = isatty(STDERR_FILENO) == 1 && !Terminal.style.quiet

    func update(_ text: @autoclosure () -> String) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard !stopped, now.timeIntervalSince(started) > 0.5, now.timeIntervalSince(lastDrawn) > 0.05 else { return }
        lastDrawn = now
        FileHandle.standardError.write(Data("\r\u{1B}[K\(Terminal.escaped(text()))".utf8))
        shown = true
    }

    /// Redraws `text(seconds so far)` five times a second, for work that reports no steps of its own
    /// (`knap render`), until ``clear()``.
    func ticking(_ text: @escaping @Sendable (Int) -> String) {
        guard enabled else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 0.5, repeating: 0.2)
        timer.setEventHandler { [self] in update(text(Int(Date().timeIntervalSince(started)))) }
        lock.lock()
        self.timer = timer
        lock.unlock()
        timer.resume()
    }

    func clear() {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        timer?.cancel()
        timer = nil
        stopped = true  // A tick already under way draws nothing now.
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}
