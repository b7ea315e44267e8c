import Testing

@testable import TelemetryAnalysis

/// Expected values are computed by hand from Prometheus's `extrapolatedRate` (v2.42), and the
/// first cases are those of promql/testdata/functions.test ("load 5m … increase(…[50m])").
@Suite struct PromQLTests {
    static func samples(every seconds: Int64, from start: Int64 = 0, _ values: [Double]) -> [PromQL.Sample] {
        values.enumerated().map { PromQL.Sample(timeMillis: (start + Int64($0.offset) * seconds) * 1000, value: $0.element) }
    }

    static func increase(_ s: [PromQL.Sample], at eval: Int64, range: Int64) -> Double? {
        PromQL.extrapolatedRate(
            PromQL.window(s, evalMillis: eval * 1000, rangeMillis: range * 1000),
            evalMillis: eval * 1000, rangeMillis: range * 1000, isRate: false)
    }

    @Test func prometheusIncreaseTestCases() {
        let foo = Self.samples(every: 300, (0...10).map { Double($0 * 10) })
        let bar = Self.samples(every: 300, (0...5).map { Double($0 * 10) } + (0...5).map { Double($0 * 10) })
        let dings = Self.samples(every: 300, (0...10).map { Double(10 + $0 * 10) })
        let bumms = Self.samples(every: 300, (0...10).map { Double(1 + $0 * 10) })
        #expect(Self.increase(foo, at: 3000, range: 3000) == 100)
        #expect(Self.increase(bar, at: 3000, range: 3000) == 90)
        #expect(Self.increase(dings, at: 3000, range: 3000) == 100)
        #expect(Self.increase(bumms, at: 3000, range: 3000) == 100)
    }

    @Test func extrapolatesToZeroButNotBeforeIt() {
        // samples at 10, 25, 40, 55 s of 0, 15, 30, 45; window [0, 60]:
        // start extrapolation capped at the zero crossing (0 s), end +5 s → 45 × 50/45 = 50.
        let s = Self.samples(every: 15, from: 10, [0, 15, 30, 45])
        #expect(Self.increase(s, at: 60, range: 60) == 50)
        let rate = PromQL.extrapolatedRate(
            PromQL.window(s, evalMillis: 60_000, rangeMillis: 60_000), evalMillis: 60_000, rangeMillis: 60_000)
        #expect(rate == 50.0 / 60.0)
    }

    @Test func extrapolatesFullyToBothEdgesWhenCloseEnough() {
        // first value 100: zero crossing is far, so +10 s at the start and +5 s at the end → 45 × 60/45
        let s = Self.samples(every: 15, from: 10, [100, 115, 130, 145])
        #expect(Self.increase(s, at: 60, range: 60) == 60)
    }

    @Test func limitsExtrapolationToHalfAnIntervalAcrossLargeGaps() {
        // samples at 30, 45 s; window [0, 60]: start gap 30 > 1.1 × 15, end gap 15 < 16.5
        // → interval 15 + 7.5 + 15 = 37.5; increase 15 × 37.5 / 15 = 37.5
        let s = Self.samples(every: 15, from: 30, [100, 115])
        #expect(Self.increase(s, at: 60, range: 60) == 37.5)
    }

    @Test func counterResetAddsThePreviousValue() {
        let s = Self.samples(every: 15, [10, 20, 5, 15])
        // 15 − 10 + 20 = 25 over [0, 45] sampled exactly at the edges
        #expect(Self.increase(s, at: 45, range: 45) == 25)
    }

    @Test func windowIsClosedAtBothEndsAsInPrometheus2() {
        let s = Self.samples(every: 15, [0, 15, 30, 45, 60])
        #expect(PromQL.window(s, evalMillis: 45_000, rangeMillis: 30_000).map(\.value) == [15, 30, 45])
    }

    @Test func fewerThanTwoSamplesGiveNoRate() {
        let s = Self.samples(every: 15, [1])
        #expect(Self.increase(s, at: 60, range: 60) == nil)
    }

    @Test func instantValueHonoursLookback() {
        let s = Self.samples(every: 15, [1, 2, 3])
        #expect(PromQL.instantValue(s, evalMillis: 20_000) == 2)
        #expect(PromQL.instantValue(s, evalMillis: 30_000) == 3)
        #expect(PromQL.instantValue(s, evalMillis: 400_000, lookbackMillis: 300_000) == nil)
        #expect(PromQL.instantValue(s, evalMillis: -1) == nil)
    }
}
