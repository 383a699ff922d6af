import Testing
@testable import KnapRender

@Suite("Work on all cores")
struct ParallelTests {
    /// Workers of a map fill one table side by side; taking it gives every value once, beside what
    /// the table started with, and leaves it empty.
    @Test func tableFilledByWorkersHoldsEveryResult() {
        let table = Parallel.Table(["seed": -1], adding: 2_000)
        let keys = (0..<2_000).map { "note \($0)" }
        let lengths = Parallel.map(keys) { key -> Int in
            table.set(key.utf8.count, for: key)
            return key.utf8.count
        }
        let taken = table.take()
        #expect(taken.count == 2_001)
        #expect(taken["seed"] == -1)
        #expect(keys.allSatisfy { taken[$0] == $0.utf8.count })
        #expect(lengths == keys.map(\.utf8.count))
        #expect(table.take().isEmpty)
    }

    /// `both` returns each closure's own result, and `start` hands back what its thread computed.
    @Test func bothAndStartReturnTheirOwnResults() {
        let (sum, text) = Parallel.both({ (1...100).reduce(0, +) }, { String(repeating: "a", count: 3) })
        #expect(sum == 5050)
        #expect(text == "aaa")
        let waiting = Parallel.start { (1...10).map { $0 * $0 } }
        #expect(waiting() == [1, 4, 9, 16, 25, 36, 49, 64, 81, 100])
        #expect(waiting() == [1, 4, 9, 16, 25, 36, 49, 64, 81, 100])
    }
}
