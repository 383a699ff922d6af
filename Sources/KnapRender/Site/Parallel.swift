import Foundation

/// A map that runs on all cores, keeping the order of its input.
enum Parallel {
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        compactMap(items) { transform($0) }
    }

    /// The non-nil results of `transform`, on all cores, in the order of the input.
    static func compactMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R?) -> [R] {
        guard items.count > 1 else { return items.compactMap(transform) }
        let buffer = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
        buffer.initialize(repeating: nil)
        defer { buffer.deallocate() }
        nonisolated(unsafe) let slots = buffer
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            slots[index] = transform(items[index])
        }
        // Each result is moved out of its slot, not copied and then released with the slots.
        var results: [R] = []
        results.reserveCapacity(items.count)
        for index in buffer.indices {
            if let result = buffer.moveElement(from: index) { results.append(result) }
        }
        return results
    }

    /// Runs `first` and `second` side by side and returns both results.
    static func both<A: Sendable, B: Sendable>(_ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
        nonisolated(unsafe) var a: A?
        nonisolated(unsafe) var b: B?
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 { a = first() } else { b = second() }
        }
        guard let a, let b else { return (first(), second()) }
        return (a, b)
    }

    /// Starts `work` on a thread of its own and returns a function that waits for its result. For
    /// work beside a `map` or `both`, which cannot hold it: a `concurrentPerform` inside another
    /// runs its iterations one after another.
    static func start<T: Sendable>(_ work: @escaping @Sendable () -> T) -> @Sendable () -> T {
        let box = ResultBox<T>()
        Thread { box.set(work()) }.start()
        // The box is always filled before `wait` returns; were it not, the work is done here.
        return { box.wait() ?? work() }
    }

    /// A table that the workers of a `map` fill side by side, taken whole once they are done: results
    /// go straight into it, with no list of them to copy from on one thread afterwards.
    final class Table<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
        private var values: [Key: Value]
        private let lock = NSLock()

        init(_ values: consuming [Key: Value], adding count: Int) {
            self.values = values
            self.values.reserveCapacity(self.values.count + count)
        }

        func set(_ value: consuming Value, for key: Key) {
            lock.lock()
            values[key] = value
            lock.unlock()
        }

        /// The table, left empty (call it once the workers are done).
        func take() -> [Key: Value] {
            lock.lock()
            defer { lock.unlock() }
            var taken: [Key: Value] = [:]
            swap(&taken, &values)
            return taken
        }
    }

    /// One result, set once by one thread and waited for by another.
    private final class ResultBox<T: Sendable>: @unchecked Sendable {
        private var value: T?
        private let done = DispatchSemaphore(value: 0)

        func set(_ value: T) {
            self.value = value
            done.signal()
        }

        func wait() -> T? {
            done.wait()
            done.signal()  // later waits return at once
            return value
        }
    }
}
