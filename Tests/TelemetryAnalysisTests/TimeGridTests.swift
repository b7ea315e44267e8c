import Testing
@testable import TelemetryAnalysis

@Suite struct TimeGridTests {
    static let s: Int64 = 1_000_000_000

    @Test func picksTheSmallestNiceStepWithAtMost240Points() {
        let g = TimeGrid(startNanos: 1000 * Self.s + 7, endNanos: (1000 + 3600) * Self.s)
        #expect(g.stepSeconds == 30)  // 15 s would need 241 points
        #expect(g.firstSeconds == 990)
        #expect(g.lastSeconds == 4620)
        #expect(g.count == 122)
    }

    @Test func spansAreCountedInTheStepContainingTheirEnd() {
        let g = TimeGrid(stepSeconds: 10, startNanos: 0, endNanos: 100 * Self.s)
        #expect(g.index(forEndNanos: 10 * Self.s) == 1)  // (0, 10]
        #expect(g.index(forEndNanos: 10 * Self.s + 1) == 2)  // (10, 20]
        #expect(g.index(forEndNanos: 0) == 0)
        #expect(g.index(forEndNanos: 101 * Self.s) == nil)
    }
}
