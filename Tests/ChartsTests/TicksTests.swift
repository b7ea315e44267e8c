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
