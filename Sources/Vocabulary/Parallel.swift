import Dispatch

/// Work split over the machine's cores with results in index order, so that the output never
/// depends on which thread finished first (determinism, DESIGN §7).
public enum Parallel {
    /// `body(0) … body(count − 1)`, run concurrently; the results in index order.
    public static func map<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(body) }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let base = UnsafeSendable(buffer.baseAddress!)
            withoutActuallyEscaping(body) { body in
                let work = UnsafeSendable(body)
                // Each index is written by exactly one iteration: no two threads share a slot.
                DispatchQueue.concurrentPerform(iterations: count) { i in
                    (base.value + i).initialize(to: work.value(i))
                }
            }
            initialized = count
        }
    }

    /// Part `k` of `count` items cut into `parts` contiguous runs of nearly equal size (sizes
    /// differ by at most one), in order: the slices that `map`'s iterations take.
    public static func part(_ k: Int, of count: Int, parts: Int) -> Range<Int> {
        count * k / parts..<count * (k + 1) / parts
    }

    /// Runs the closures concurrently and waits for all of them.
    public static func run(_ tasks: [@Sendable () -> Void]) {
        DispatchQueue.concurrentPerform(iterations: tasks.count) { i in tasks[i]() }
    }

    private struct UnsafeSendable<V>: @unchecked Sendable {
        let value: V
        init(_ value: V) { self.value = value }
    }
}
