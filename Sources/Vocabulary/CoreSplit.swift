import Foundation

/// Work spread over the machine's cores on threads of its own, with results in index order (so
/// the output never depends on which thread finished first, DESIGN §7); the calling thread takes
/// part. Unlike `Parallel.map` (Dispatch's `concurrentPerform`) it keeps its width when called
/// from work that is itself spread: Dispatch runs an apply nested in another apply serially once
/// the outer one spans the cores, and the trace page's data — built beside the explorer's other
/// parts, and beside the report's other pages — then got one core (measured: the 500k-span
/// page's span chunks ran on one thread, 0.8 s instead of 0.4 s). Meant for a few coarse tasks;
/// `both` runs two tasks of different result types. Helpers run on kept threads (`HelperThreads`).
public enum CoreSplit {
    /// Cores this process may run on, read once: Foundation reads them from the cgroup's files
    /// (`cpu.cfs_quota_us`, `cpuset.cpus`) at every call, and a 500k-span render asked about
    /// 90 times (every split of the read's rounds and of the analysis).
    public static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// `body(0) … body(count − 1)` on up to `threads` threads; the results in index order.
    public static func map<T>(_ count: Int, threads: Int = cores, _ body: (Int) -> T) -> [T] {
        guard count > 1, threads > 1 else { return (0..<count).map(body) }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            withoutActuallyEscaping(body) { body in
                let shared = Shared(body: body, base: buffer.baseAddress!, count: count)
                // The threads reach the tasks through an unretained pointer, so nothing but this
                // frame holds `body` once they are done (`withoutActuallyEscaping` checks that).
                let address = Address(Unmanaged.passUnretained(shared).toOpaque())
                let helpers = min(threads, count) - 1
                let done = DispatchSemaphore(value: 0)
                for _ in 0..<helpers {
                    HelperThreads.shared.run(
                        {
                            let tasks = Unmanaged<Shared<T>>.fromOpaque(address.value).takeUnretainedValue()
                            tasks.work()
                        }, then: done)
                }
                shared.work()
                // Every helper has finished (and so stopped using `body`) before this returns.
                for _ in 0..<helpers { done.wait() }
                withExtendedLifetime(shared) {}
            }
            initialized = count
        }
    }

    /// Starts the helper threads a split over every core takes (one fewer than the cores), parked
    /// until a split wakes them; a process that will split soon calls it at its start
    /// (`HelperThreads.prestart` says why).
    public static func prepareHelpers() {
        HelperThreads.shared.prestart(cores - 1)
    }

    /// `first` and `second` side by side on threads of this type's own (`map` of two tasks);
    /// both results. Each side may split its own work over every core (`map`, or Dispatch's
    /// apply, which runs nested applies serially). Handing `first` to Dispatch's global queue
    /// instead made it wait for a free worker when called from inside an apply that spans the
    /// cores: the streaming reader's rounds, run beside another file, waited so on every round.
    public static func both<A, B>(_ first: () -> A, _ second: () -> B) -> (A, B) {
        var a: A?, b: B?
        // Each task writes only its own result; `map` returns after both have finished.
        _ = map(2) { i in
            if i == 0 { a = first() } else { b = second() }
        }
        return (a!, b!)
    }

    private struct Address: @unchecked Sendable {
        let value: UnsafeMutableRawPointer
        init(_ value: UnsafeMutableRawPointer) { self.value = value }
    }

    /// The tasks the threads take in turn; each index is taken, and its slot written, once.
    private final class Shared<T>: @unchecked Sendable {
        let body: (Int) -> T
        let base: UnsafeMutablePointer<T>
        let count: Int
        private let lock = NSLock()
        private var next = 0

        init(body: @escaping (Int) -> T, base: UnsafeMutablePointer<T>, count: Int) {
            self.body = body
            self.base = base
            self.count = count
        }

        func work() {
            while true {
                lock.lock()
                let i = next
                next += 1
                lock.unlock()
                guard i < count else { return }
                (base + i).initialize(to: body(i))
            }
        }
    }
}
