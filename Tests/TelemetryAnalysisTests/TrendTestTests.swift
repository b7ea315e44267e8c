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

/// The exact and approximate tests behind findings, against values computed by hand.
@Suite struct SignificanceTests {
    @Test func binomialUpperTailOfThreeErrorsInSixty() {
        // 1 − (0.99⁶⁰ + 60·0.01·0.99⁵⁹ + 1770·0.0001·0.99⁵⁸) = 0.0224201647888…
        #expect(abs(Significance.binomialUpperTail(3, 60, 0.01) - 0.02242016478883539) < 1e-14)
        #expect(Significance.binomialUpperTail(0, 60, 0.01) == 1)
        #expect(Significance.binomialUpperTail(61, 60, 0.01) == 0)
    }

    @Test func fisherExactOneSided() {
        // One "yes" in 40, all of it in the second row of 20: 20/40.
        #expect(abs(Significance.fisherGreater(a: 0, b: 20, c: 1, d: 19) - 0.5) < 1e-12)
        // Five in the second row, none in the first: C(20,5)/C(40,5) = 15504/658008.
        #expect(abs(Significance.fisherGreater(a: 0, b: 20, c: 5, d: 15) - 15504.0 / 658008) < 1e-12)
        // Ten of twenty: C(20,10)/C(40,10) = 184756/847660528.
        #expect(abs(Significance.fisherGreater(a: 0, b: 20, c: 10, d: 10) - 184756.0 / 847660528) < 1e-15)
        // None in the second row: certain.
        #expect(abs(Significance.fisherGreater(a: 3, b: 17, c: 0, d: 20) - 1) < 1e-12)
    }

    @Test func normalApproximations() {
        // 10/20 against 5/100: pooled 0.125, se = √(0.125·0.875·0.06) → z = 0.45/0.0810093 = 5.5549…
        #expect(abs(Significance.twoProportionZ(10, 20, 5, 100) - 5.554920598635309) < 1e-12)
        // U = 90 of 10 × 10: (90 − 50)/√(100·21/12) = 40/√175.
        #expect(abs(Significance.mannWhitneyZ(u: 90, 10, 10) - 3.023715784073818) < 1e-12)
        #expect(abs(Significance.twoSided(z: 1.959963984540054) - 0.05) < 1e-12)
        #expect(abs(Significance.upperTail(z: 1.6448536269514722) - 0.05) < 1e-12)
        #expect(Finding.strength(p: 0.001) == 3)
        #expect(Finding.strength(p: 0) == 300)
    }
}
