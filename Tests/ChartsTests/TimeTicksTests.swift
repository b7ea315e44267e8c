import Testing
import Vocabulary

@testable import Charts

@Suite struct TimeTicksTests {
    let noon = 1_704_110_400.0  // 2024-01-01 12:00:00 UTC

    @Test func anHourOverSevenHundredSixtyPixelsTicksEveryFiveMinutes() {
        let ticks = TimeTicks.axis(start: noon, end: noon + 3600, pixels: 760)
        #expect(
            ticks.map(\.label) == [
                "12:00", "12:05", "12:10", "12:15", "12:20", "12:25", "12:30",
                "12:35", "12:40", "12:45", "12:50", "12:55", "13:00",
            ])
        #expect(ticks[1].time == noon + 300)
    }

    @Test func ticksAlignToMultiplesOfTheStepInUTC() {
        let ticks = TimeTicks.axis(start: noon + 17, end: noon + 3600 + 17, pixels: 760)
        #expect(ticks.first?.label == "12:05")
        #expect(ticks.allSatisfy { $0.time.truncatingRemainder(dividingBy: 300) == 0 })
    }

    @Test func aMinuteTicksEveryFiveSecondsWithSeconds() {
        let ticks = TimeTicks.axis(start: noon, end: noon + 60, pixels: 760)
        #expect(ticks.map(\.label).prefix(3) == ["12:00:00", "12:00:05", "12:00:10"])
        #expect(ticks.count == 13)
    }

    @Test func crossingMidnightShowsTheDateWhereTheDayChanges() {
        let start = 1_704_151_800.0  // 2024-01-01 23:30
        let ticks = TimeTicks.axis(start: start, end: start + 3600, pixels: 760)
        #expect(ticks.map(\.label) == ["01-01 23:30", "23:45", "01-02 00:00", "00:15", "00:30"])
    }

    @Test func twoWeeksTickDaily() {
        let start = noon - 12 * 3600
        let ticks = TimeTicks.axis(start: start, end: start + 14 * 86_400, pixels: 760)
        #expect(ticks.count == 15)
        #expect(ticks.first?.label == "01-01")
        #expect(ticks.last?.label == "01-15")
    }

    @Test func weeksStartOnMonday() {
        let ticks = TimeTicks.ticks(start: noon, end: noon + 21 * 86_400, step: .weeks(1))
        #expect(ticks.map { UTCTime(unixSeconds: $0).dateText } == ["2024-01-08", "2024-01-15", "2024-01-22"])
    }

    @Test func quartersStartInJanuaryAprilJulyOctober() {
        let start = UTCTime(year: 2024, month: 1, day: 15).unixSeconds
        let end = UTCTime(year: 2025, month: 2, day: 1).unixSeconds
        let ticks = TimeTicks.ticks(start: start, end: end, step: .months(3))
        let labels = TimeTicks.label(ticks, step: .months(3), start: start, end: end).map(\.label)
        #expect(labels == ["2024-04", "2024-07", "2024-10", "2025-01"])
    }

    @Test func stepIsTheNearestCalendarStepByRatio() {
        #expect(TimeTicks.step(start: 0, end: 3600, count: 15) == .seconds(300))
        #expect(TimeTicks.step(start: 0, end: 3600, count: 4) == .seconds(900))
        #expect(TimeTicks.step(start: 0, end: 10, count: 20) == .seconds(1))
        #expect(TimeTicks.step(start: 0, end: 86_400 * 365 * 30, count: 10) == .years(2))
    }

    @Test func emptyOrInvertedRangesHaveNoTicks() {
        #expect(TimeTicks.axis(start: 10, end: 5, pixels: 500).isEmpty)
        #expect(TimeTicks.axis(start: .nan, end: 5, pixels: 500).isEmpty)
    }
}
