import Testing

@testable import TelemetryAnalysis

/// Theil–Sen slopes and Mann–Kendall statistics against values worked out by hand.
@Suite struct TrendTestTests {
    @Test func fivePointsWithoutTies() throws {
        // Pairwise slopes of (0,1) (1,3) (2,2) (3,5) (4,4): 2, 0.5, 4/3, 0.75, −1, 1, 1/3, 3, 1, −1;
        // sorted, the middle two are 0.75 and 1 → 0.875. S = 8 concordant − 2 discordant = 6;
        // Var(S) = 5·4·15/18 = 50/3; z = (6 − 1)/√(50/3) = 1.2247…; p = erfc(z/√2) = 0.220671…
        let t = try #require(TrendTest(times: [0, 1, 2, 3, 4], values: [1, 3, 2, 5, 4]))
        #expect(t.slope == 0.875)
        #expect(t.s == 6)
        #expect(abs(t.variance - 50.0 / 3) < 1e-12)
        #expect(abs(t.z - 1.224744871391589) < 1e-12)
        #expect(abs(t.p - 0.22067136191984688) < 1e-12)
        #expect(t.direction == .flat)  // five points, p > 0.05
    }

    @Test func tiesReduceTheVarianceAndTieTheSlopes() throws {
        // 1, 1, 2, 2, 2: S = 6 (the 2·3 pairs from a 1 to a 2); ties of 2 and 3 take
        // 2·1·9 + 3·2·11 = 84 from 300, so Var(S) = 216/18 = 12, z = 5/√12.
        // Slopes: 0, 1/2, 1/3, 1/4, 1, 1/2, 1/3, 0, 0, 0 → middle two 1/4 and 1/3 → 7/24.
        let t = try #require(TrendTest(times: [0, 1, 2, 3, 4], values: [1, 1, 2, 2, 2]))
        #expect(t.s == 6)
        #expect(t.variance == 12)
        #expect(abs(t.z - 1.4433756729740645) < 1e-12)
        #expect(abs(t.slope - 7.0 / 24) < 1e-15)
    }

    @Test func aSteadyFallIsFallingWhateverTheOrderOfInput() throws {
        // 10 points falling by 1 per step, given in reverse time order: S = −45,
        // Var(S) = 10·9·25/18 = 125, z = (−45 + 1)/√125, p = 8.30307e−5, slope −1.
        let times = (0..<10).map(Double.init).reversed().map { $0 }
        let values = times.map { 100 - $0 }
        let t = try #require(TrendTest(times: times, values: values))
        #expect(t.s == -45)
        #expect(t.variance == 125)
        #expect(abs(t.z + 3.9354796403996297) < 1e-12)
        #expect(abs(t.p - 8.303070332644999e-05) < 1e-17)
        #expect(t.slope == -1)
        #expect(t.direction == .falling)
    }

    @Test func aFlatLineHasNoTrend() throws {
        let t = try #require(TrendTest(times: (0..<20).map(Double.init), values: Array(repeating: 5, count: 20)))
        #expect(t.s == 0)
        #expect(t.z == 0)
        #expect(t.p == 1)
        #expect(t.direction == .flat)
        #expect(TrendTest(times: [1], values: [1]) == nil)
        #expect(TrendTest(times: [1, 1, 1], values: [1, 2, 3]) == nil)  // no two distinct times
    }
}
