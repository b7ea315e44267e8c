import CScheduler
import Foundation

/// The threads `CoreSplit` runs its helpers' tasks on, kept once started: a helper that is done
/// waits for the next task instead of ending, and a new thread is started only when every kept one
/// is busy (so nested splits never wait for each other, as when each started its own).
///
/// Why: a render splits its work about 90 times at 500k spans (the analysis's steps, the pages,
/// the checks), and the streaming reader used to split every round of a file (160 rounds at 2M
/// spans) twice. A fresh `Thread` took about 1.3 ms from `start()` to running its task on this
/// 2-core machine: then 0.19–0.22 s of the 2M read phase's 1.5 s, 0.04–0.05 of 0.30 s at 500k
/// (measured from a round's start to its decoding's, issue 7). A kept thread is woken by a
/// condition instead (the reader's rounds are now one stream of tasks, `StreamPipeline`). Which
/// thread runs a task never shows in a result (`CoreSplit` keeps results in index order).
final class HelperThreads: @unchecked Sendable {
    static let shared = HelperThreads()

    private let lock = NSLock()
    /// Helpers waiting for a task, the most recently parked last (its stack and heap are warm).
    private var idle: [Helper] = []
    private var started = 0

    /// How many threads this pool has started (tests: a helper that is free is reused).
    var startedThreads: Int {
        lock.lock()
        defer { lock.unlock() }
        return started
    }

    /// Runs `task` on a kept thread (a new one when none is free), then `done.signal()`: the
    /// helper is free again before the signal, so a caller that splits again at once finds it.
    func run(_ task: @escaping @Sendable () -> Void, then done: DispatchSemaphore) {
        lock.lock()
        let waiting = idle.popLast()
        if waiting == nil { started += 1 }
        lock.unlock()
        if let waiting {
            waiting.give(Job(task: task, done: done))
            return
        }
        let helper = Helper(pool: self)
        helper.give(Job(task: task, done: done))
        Self.startThread(of: helper)
    }

    /// Starts the thread that runs `helper`'s jobs for the rest of the process, first moved off
    /// the core its creator is on (then free to run anywhere again).
    ///
    /// Why: this machine's kernel starts a new thread on its creator's core, and a helper started
    /// ahead and parked was woken there by the read's first split: in a timeline of a 500k render
    /// (samples with their core) it shared the main thread's core for the read's first 10–20 ms
    /// while the other core was idle, in each of three runs. Moved at its start, it ran on the
    /// other core from its first task (two runs); the read phase took 0.1710 → 0.1625 s on the
    /// collector file and 0.1995 → 0.1935 s with 60 services (12 runs each, issue 7).
    private static func startThread(of helper: Helper) {
        let creator = cscheduler_current_cpu()
        let thread = Thread {
            _ = cscheduler_leave_cpu(creator)
            helper.loop()
        }
        thread.start()
    }

    /// How many cores the calling thread may run on (tests: a helper's are its creator's).
    static func allowedCores() -> Int { Int(cscheduler_allowed_count()) }

    /// Starts helpers until `count` are free, each parked at once, waiting for a task.
    ///
    /// Why: a thread started by the read's first split took about 1.3 ms to run its task (a
    /// parked one is woken by a condition), and the read's first rounds ran on one core (a
    /// profile: 8 → 29 ms of a 500k render). Started before the command line is parsed, the
    /// helper is parked when the read wakes it (issue 7); `startThread` says why it starts on
    /// another core than its creator's.
    func prestart(_ count: Int) {
        lock.lock()
        let missing = max(0, count - idle.count)
        var fresh: [Helper] = []
        for _ in 0..<missing { fresh.append(Helper(pool: self)) }
        started += missing
        idle.append(contentsOf: fresh)
        lock.unlock()
        for helper in fresh { Self.startThread(of: helper) }
    }

    fileprivate func park(_ helper: Helper) {
        lock.lock()
        idle.append(helper)
        lock.unlock()
    }

    fileprivate struct Job {
        let task: @Sendable () -> Void
        let done: DispatchSemaphore
    }

    /// One kept thread: runs the job it is given, parks, signals, and waits for the next.
    fileprivate final class Helper: @unchecked Sendable {
        private let pool: HelperThreads
        private let condition = NSCondition()
        private var job: Job?

        init(pool: HelperThreads) { self.pool = pool }

        func give(_ next: Job) {
            condition.lock()
            job = next
            condition.signal()
            condition.unlock()
        }

        func loop() -> Never {
            while true {
                condition.lock()
                while job == nil { condition.wait() }
                let current = job!
                job = nil
                condition.unlock()
                current.task()
                pool.park(self)
                current.done.signal()
            }
        }
    }
}
