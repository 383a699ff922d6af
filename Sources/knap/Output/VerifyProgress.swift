import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The live progress line of `knap verify`, shown only when stdout is a terminal.
final class VerifyProgress: @unchecked Sendable {
    private let total: Int
    private var done = 0
    private var current = ""
    private var shown = false
    private let lock = NSLock()
    private let enabled = isatty(STDOUT_FILENO) == 1 && !Terminal.style.quiet

    init(total: Int) {
        self.total = total
    }

    func started(_ label: String) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        current = label
        draw()
    }

    func finished() {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        done += 1
        draw()
    }

    /// Erases the line so that a result line can be printed.
    func clear() {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        if shown { Terminal.raw("\r\u{1B}[K") }
        shown = false
    }

    private func draw() {
        Terminal.raw("\r\u{1B}[K[\(done)/\(total)] \(Terminal.escaped(current))")
        shown = true
    }
}
