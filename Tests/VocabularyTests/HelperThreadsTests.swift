import Foundation
import Testing

@testable import Vocabulary

@Suite struct HelperThreadsTests {
    /// Counts from any thread.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() {
            lock.lock()
            count += 1
            lock.unlock()
        }
        var value: Int {
            lock.lock()
            defer { lock.unlock() }
            return count
        }
    }

    /// Tasks given one after another, each waited for, all run on the one thread started first.
    /// (The pools of these tests keep their one or two threads, parked, until the process ends.)
    @Test func aHelperThatIsDoneTakesTheNextTaskInsteadOfANewThread() {
        let pool = HelperThreads()
        let counter = Counter(), done = DispatchSemaphore(value: 0)
        for _ in 0..<50 {
            pool.run({ counter.add() }, then: done)
            done.wait()
        }
        #expect(counter.value == 50)
        #expect(pool.startedThreads == 1)
    }

    /// Two tasks that can only finish together (each waits for the other's signal) get a thread
    /// each: a task never waits for a busy helper.
    @Test func aTaskGivenWhileEveryHelperIsBusyGetsANewThread() {
        let pool = HelperThreads()
        Self.runTwoTasksThatFinishTogether(on: pool)
        #expect(pool.startedThreads == 2)
    }

    /// Gives `pool` two tasks that can only finish together (each waits for the other's
    /// signal), so each needs a thread of its own, and waits for both.
    static func runTwoTasksThatFinishTogether(on pool: HelperThreads) {
        let first = DispatchSemaphore(value: 0), second = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        pool.run(
            {
                first.signal()
                second.wait()
            }, then: done)
        pool.run(
            {
                first.wait()
                second.signal()
            }, then: done)
        done.wait()
        done.wait()
    }

    /// Helpers started ahead take the tasks given later: two tasks that can only finish
    /// together run on the two started threads, and no third is made; starting ahead again
    /// makes none while they are free.
    @Test func helpersStartedAheadTakeLaterTasks() {
        let pool = HelperThreads()
        pool.prestart(2)
        #expect(pool.startedThreads == 2)
        Self.runTwoTasksThatFinishTogether(on: pool)
        #expect(pool.startedThreads == 2)
        pool.prestart(2)
        #expect(pool.startedThreads == 2)
    }

    /// A helper is moved off its creator's core at its start and may then run on every core its
    /// creator may (the move is undone): fails if the helper kept the narrowed set of cores.
    @Test func aHelperMayRunOnEveryCoreItsCreatorMay() {
        let pool = HelperThreads()
        let creator = HelperThreads.allowedCores()
        let seen = Counter(), done = DispatchSemaphore(value: 0)
        for _ in 0..<3 {
            pool.run({ if HelperThreads.allowedCores() == creator { seen.add() } }, then: done)
            done.wait()
        }
        #expect(creator >= 1)
        #expect(seen.value == 3)
    }

    /// Splits inside splits (the streaming reader's decoding inside its round, the trace page's
    /// data inside the pages) finish, each result in its place.
    @Test func nestedSplitsKeepEveryResultInIndexOrder() {
        let grid = CoreSplit.map(4, threads: 4) { i in CoreSplit.map(16, threads: 4) { j in CoreSplit.both({ i }, { j }) } }
        #expect(grid.map { $0.map(\.0) } == (0..<4).map { i in [Int](repeating: i, count: 16) })
        #expect(grid.map { $0.map(\.1) } == (0..<4).map { _ in Array(0..<16) })
    }
}
