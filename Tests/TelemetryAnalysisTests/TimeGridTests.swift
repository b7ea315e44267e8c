import Testing

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
}

@Suite struct LongTimeGridTests {
    @Test func tenYearsStayWithin240Points() {
        let g = TimeGrid(startNanos: 0, endNanos: 10 * 365 * 86_400 * 1_000_000_000)
        #expect(g.stepSeconds == 2_592_000)  // 30 days: 90 days would give 41 points
        #expect(g.count >= 60 && g.count <= 240)
    }
}
