import Testing
import Vocabulary

@testable import TelemetryAnalysis

@Suite struct TimeGridTests {
    static let s: Int64 = 1_000_000_000

    @Test func picksTheCoarsestNiceStepWithAtLeast60Points() {
        let g = TimeGrid(startNanos: 1000 * Self.s + 7, endNanos: (1000 + 3600) * Self.s)
        #expect(g.stepSeconds == 60)  // 120 s would give 31 points
        #expect(g.firstSeconds == 960)
        #expect(g.lastSeconds == 4620)
        #expect(g.count == 62)
        let day = TimeGrid(startNanos: 0, endNanos: 86_400 * Self.s)
        #expect(day.stepSeconds == 900)  // 1800 s would give 49 points
        #expect(day.count == 97)
    }

    @Test func shortRangesGetOneSecondSteps() {
        let g = TimeGrid(startNanos: 0, endNanos: 20 * Self.s)
        #expect(g.stepSeconds == 1)
        #expect(g.count == 21)
    }

    @Test func spansAreCountedInTheStepContainingTheirEnd() {
        let g = TimeGrid(stepSeconds: 10, startNanos: 0, endNanos: 100 * Self.s)
        #expect(g.index(forEndNanos: 10 * Self.s) == 1)  // (0, 10]
        #expect(g.index(forEndNanos: 10 * Self.s + 1) == 2)  // (10, 20]
        #expect(g.index(forEndNanos: 0) == 0)
        #expect(g.index(forEndNanos: 101 * Self.s) == nil)
    }

    /// The one-division step index is the two roundings and the index of DESIGN §4, computed
    /// here the long way: random grids of every nice step (and steps too long for one division),
    /// before and after 1970, times on, just off and far off the grid's steps.
    @Test func oneDivisionGivesTheStepOfTheRoundingsSpelledOut() {
        func ceilDiv(_ a: Int64, _ b: Int64) -> Int64 { a / b + (a % b != 0 && a > 0 ? 1 : 0) }
        func reference(_ g: TimeGrid, _ t: Int64) -> Int? {
            let i = (ceilDiv(ceilDiv(t, Self.s), g.stepSeconds) * g.stepSeconds - g.firstSeconds) / g.stepSeconds
            return i >= 0 && i < Int64(g.count) ? Int(i) : nil
        }
        var rng = SplitMix64(seed: 5)
        let steps = TimeGrid.niceSteps + [TimeGrid.longestStepForOneDivision, TimeGrid.longestStepForOneDivision + 1, 1 << 40]
        for step in steps {
            for _ in 0..<200 {
                let start = Int64(bitPattern: rng.next()) >> 4  // ±2^59 ns: ±18 years
                // Steps past 10⁹ · step's range are tried at times of any size: their grid times
                // in nanoseconds are not within Int64.
                let small = step <= TimeGrid.longestStepForOneDivision / 1024
                let length = small ? Int64(rng.next() % 400) * step * Self.s / 7 : Int64(rng.next() >> 8)
                let g = TimeGrid(stepSeconds: step, startNanos: start, endNanos: start + length)
                let onStep = small ? g.firstSeconds * Self.s + Int64(rng.next() % UInt64(g.count + 2)) * step * Self.s : start
                for t in [onStep, onStep + 1, onStep - 1, start, start + Int64(rng.next() >> 8), start - Int64(rng.next() >> 8)] {
                    #expect(g.index(forEndNanos: t) == reference(g, t), "step \(step), t \(t)")
                }
            }
        }
    }
}

@Suite struct LongTimeGridTests {
    @Test func tenYearsStayWithin240Points() {
        let g = TimeGrid(startNanos: 0, endNanos: 10 * 365 * 86_400 * 1_000_000_000)
        #expect(g.stepSeconds == 2_592_000)  // 30 days: 90 days would give 41 points
        #expect(g.count >= 60 && g.count <= 240)
    }
}
