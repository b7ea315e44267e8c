import Testing

@testable import TelemetryAnalysis

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
