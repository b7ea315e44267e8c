import Testing

@testable import Charts

@Suite struct TicksTests {
    @Test func zeroToOneInTenthsAreExactDecimals() {
        let ticks = Ticks.ticks(0, 1, count: 10)
        #expect(ticks == [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1])
        #expect(!ticks.contains(0.30000000000000004))
    }

    @Test func zeroToNinetySevenStepsByTen() {
        #expect(Ticks.ticks(0, 97, count: 10) == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90])
    }

    @Test func negativeToPositiveStepsByOne() {
        #expect(Ticks.ticks(-3.2, 7.7, count: 10) == [-3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7])
    }

    @Test func fewerTicksUseLargerSteps() {
        #expect(Ticks.ticks(0, 1, count: 5) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(Ticks.ticks(-10, 10, count: 10) == [-10, -8, -6, -4, -2, 0, 2, 4, 6, 8, 10])
        #expect(Ticks.ticks(0, 1000, count: 3) == [0, 500, 1000])
    }

    @Test func reversedDomainGivesDescendingTicks() {
        #expect(Ticks.ticks(1, 0, count: 5) == [1, 0.8, 0.6, 0.4, 0.2, 0])
    }

    @Test func degenerateInputs() {
        #expect(Ticks.ticks(3, 3, count: 10) == [3])
        #expect(Ticks.ticks(0, 1, count: 0) == [])
        #expect(Ticks.ticks(.nan, 1, count: 10) == [])
        #expect(Ticks.ticks(0, .infinity, count: 10) == [])
    }

    /// A domain wider than Double's range (its width is infinite) or with a step below the
    /// smallest normal double has no ticks, as in d3 (NaN there), instead of trapping in `Int()`:
    /// span attributes from −1.8e308 to 1.8e308 did that on the compare page.
    @Test func domainsPastDoublesRangeOrStepHaveNoTicks() {
        let most = Double.greatestFiniteMagnitude
        #expect(Ticks.ticks(-most, most, count: 10) == [])
        #expect(Ticks.tickIncrement(-most, most, count: 10) == 0)
        #expect(Ticks.tickStep(most, -most, count: 10) == 0)
        #expect(Ticks.nice(-most, most, count: 10) == (-most, most))
        #expect(Ticks.ticks(0, Double.leastNonzeroMagnitude, count: 5) == [])
        #expect(Ticks.ticks(0, 1e-307, count: 10) == [])
        #expect(Ticks.nice(0, Double.leastNonzeroMagnitude, count: 5) == (0, Double.leastNonzeroMagnitude))
        // Just inside both limits there are ticks, five steps of 2e307 and ten of 1e-306 (the
        // values carry the rounding of 10^307 and 10^306, which are not exact in a double).
        let wide = Ticks.ticks(-4e307, 4e307, count: 4), narrow = Ticks.ticks(0, 1e-305, count: 10)
        #expect(wide.count == 5 && wide[2] == 0 && wide.allSatisfy(\.isFinite))
        #expect(abs(wide[3] / 2e307 - 1) < 1e-15)
        #expect(narrow.count == 10 && narrow[0] == 0 && abs(narrow[9] / 9e-306 - 1) < 1e-15)
    }

    @Test func tickIncrementIsNegativeInverseBelowOne() {
        #expect(Ticks.tickIncrement(0, 1, count: 10) == -10)
        #expect(Ticks.tickIncrement(0, 97, count: 10) == 10)
        #expect(Ticks.tickStep(0, 1, count: 10) == 0.1)
        #expect(Ticks.tickStep(1, 0, count: 10) == -0.1)
        #expect(Ticks.tickStep(0, 5000, count: 5) == 1000)
    }

    @Test func niceWidensToWholeSteps() {
        #expect(Ticks.nice(1.1, 10.9, count: 10) == (1, 11))
        #expect(Ticks.nice(0, 0.96, count: 10) == (0, 1))
        #expect(Ticks.nice(0, 96, count: 10) == (0, 100))
        #expect(Ticks.nice(0.132, 0.876, count: 10) == (0.1, 0.9))
        #expect(Ticks.nice(-3.2, 7.7, count: 10) == (-4, 8))
        #expect(Ticks.nice(5, 5, count: 10) == (5, 5))
    }

    @Test func tickCountFollowsPixels() {
        #expect(Ticks.count(forPixels: 760, spacing: Ticks.xSpacing) == 15)
        #expect(Ticks.count(forPixels: 200, spacing: Ticks.ySpacing) == 6)
        #expect(Ticks.count(forPixels: 10, spacing: Ticks.ySpacing) == 2)
    }
}
