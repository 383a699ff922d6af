import Dispatch

/// Two pieces of work run at once, on two threads. Large notes are rewritten
/// and drawn in two halves this way (the machine has at least two cores).
public enum TwoWay {
    /// Top-level blocks a document needs before it is split.
    static let minimumBlocks = 64
    /// The size of a note from which splitting pays for the second thread.
    public static let minimumBytes = 256 * 1024

    /// Where the second half of `count` top-level blocks starts: at the first block that starts
    /// past the middle line, so that the halves have about as many lines, each at least one block.
    static func middle(of count: Int, lastLine: Int, startLine: (Int) -> Int) -> Int {
        let past = (0..<count).first { startLine($0) > lastLine / 2 } ?? 1
        return min(max(past, 1), count - 1)
    }

    static func run<A: Sendable, B: Sendable>(_ first: @escaping @Sendable () -> A, _ second: @escaping @Sendable () -> B) -> (A, B) {
        let results = Results<A, B>()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 { results.first = first() } else { results.second = second() }
        }
        // concurrentPerform returns after both ran; each slot was written by one thread only.
        return (results.first ?? first(), results.second ?? second())
    }

    private final class Results<A, B>: @unchecked Sendable {
        var first: A?
        var second: B?
    }
}
