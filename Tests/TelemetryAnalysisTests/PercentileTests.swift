import TelemetryModel
import Testing

@testable import TelemetryAnalysis

@Suite struct PercentileTests {
    @Test func nearestRankOfTenValues() {
        let v: [Int64] = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
        // ranks: ⌈0.5·10⌉ = 5, ⌈0.95·10⌉ = 10, ⌈0.99·10⌉ = 10, ⌈0.999·10⌉ = 10
        #expect(Percentile.p50.of(sorted: v) == 50)
        #expect(Percentile.p95.of(sorted: v) == 100)
        #expect(Percentile.p99.of(sorted: v) == 100)
    }

    @Test func rankIsExactWhereFloatingPointWouldOvershoot() {
        #expect(Percentile.p999.rank(of: 1000) == 999)
        #expect(Percentile.p99.rank(of: 100) == 99)
        #expect(Percentile.p95.rank(of: 20) == 19)
        #expect(Percentile.p95.rank(of: 21) == 20)  // 19.95 → 20
        #expect(Percentile.p50.rank(of: 1) == 1)
        #expect(Percentile.p999.rank(of: 1001) == 1000)  // 999.999 → 1000
    }

    @Test func summaryOfUnsortedDurations() throws {
        let s = try #require(LatencySummary(durations: [5, 1, 4, 2, 3]))
        #expect(s.count == 5)
        #expect(s.p50 == 3)  // rank 3
        #expect(s.p95 == 5)  // rank ⌈4.75⌉ = 5
        #expect(s.max == 5)
        #expect(LatencySummary(durations: []) == nil)
    }

    @Test func millisecondsAreExactNanosecondQuotients() {
        #expect(LatencySummary.milliseconds(1_234_567) == 1.234567)
        #expect(LatencySummary.milliseconds(500) == 0.0005)
    }
}
