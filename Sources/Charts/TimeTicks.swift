import Vocabulary

/// A tick on a time axis: its unix time and its UTC label.
public struct TimeTick: Sendable, Equatable {
    public var time: Double
    public var label: String

    public init(time: Double, label: String) {
        self.time = time
        self.label = label
    }
}

/// Ticks for time axes in unix seconds, chosen as d3-time's `scale.ticks` does (the calendar
/// step nearest to span ÷ count), aligned in UTC and labelled in UTC with integer arithmetic.
public enum TimeTicks {
    /// Approximate width of one label character at the axis font size (11 px sans-serif).
    static let characterWidth = 6.6

    /// Ticks for `start…end` drawn over `pixels`: about one per 50 px, coarser until the labels
    /// do not overlap.
    public static func axis(start: Double, end: Double, pixels: Double) -> [TimeTick] {
        guard start.isFinite, end.isFinite, end >= start, pixels > 0 else { return [] }
        var step = self.step(start: start, end: end, count: Ticks.count(forPixels: pixels, spacing: Ticks.xSpacing))
        let pixelsPerSecond = end > start ? pixels / (end - start) : 0
        for _ in 0..<40 {
            let ticks = self.ticks(start: start, end: end, step: step)
            let labelled = label(ticks, step: step, start: start, end: end)
            let widest = labelled.map { Double($0.label.count) * characterWidth }.max() ?? 0
            if labelled.count < 2 || widest + 10 <= step.minimumSeconds * pixelsPerSecond {
                return labelled
            }
            step = step.coarser
        }
        return []
    }

    /// The calendar step for about `count` ticks: of the two table steps around span ÷ count,
    /// the one nearer by ratio; whole years (a nice count of them) beyond the table.
    public static func step(start: Double, end: Double, count: Int) -> TimeStep {
        let target = abs(end - start) / Double(max(1, count))
        let table = TimeStep.table
        guard let i = table.firstIndex(where: { $0.approximateSeconds > target }) else {
            let years = Ticks.tickStep(start / 31_536_000, end / 31_536_000, count: max(1, count))
            return .years(max(1, Int(years.rounded(.toNearestOrAwayFromZero))))
        }
        if i == 0 { return table[0] }
        let below = table[i - 1], above = table[i]
        return target / below.approximateSeconds < above.approximateSeconds / target ? below : above
    }

    /// The tick times of `step` inside `start…end` (inclusive), aligned in UTC.
    public static func ticks(start: Double, end: Double, step: TimeStep) -> [Double] {
        guard start.isFinite, end.isFinite, end >= start else { return [] }
        switch step {
        case .seconds(let n):
            return multiples(of: Double(n), offset: 0, start: start, end: end)
        case .weeks(let n):
            // 1970-01-05, four days after the epoch (a Thursday), was a Monday.
            return multiples(of: Double(n) * 604_800, offset: 4 * 86_400, start: start, end: end)
        case .months(let n):
            let first = UTCTime(unixSeconds: start), last = UTCTime(unixSeconds: end)
            var result: [Double] = []
            var index = first.year * 12 + first.month - 1
            while index <= last.year * 12 + last.month - 1 {
                let year = Int((Double(index) / 12).rounded(.down))
                let month = index - year * 12 + 1
                let t = UTCTime(year: year, month: month, day: 1).unixSeconds
                if t >= start && t <= end && (month - 1) % n == 0 { result.append(t) }
                index += 1
            }
            return result
        case .years(let n):
            let first = UTCTime(unixSeconds: start).year, last = UTCTime(unixSeconds: end).year
            var result: [Double] = []
            for year in first...max(first, last) where year % n == 0 {
                let t = UTCTime(year: year, month: 1, day: 1).unixSeconds
                if t >= start && t <= end { result.append(t) }
            }
            return result
        }
    }

    /// UTC labels: `HH:mm:ss` below a minute, `HH:mm` below a day, and `MM-dd HH:mm` on the first
    /// tick and wherever the day changes when the axis crosses midnight; `MM-dd` (with the year
    /// when the axis crosses one) for days and weeks, `yyyy-MM` for months, `yyyy` for years.
    public static func label(_ ticks: [Double], step: TimeStep, start: Double, end: Double) -> [TimeTick] {
        let firstDay = UTCTime(unixSeconds: start), lastDay = UTCTime(unixSeconds: end)
        let crossesDay = firstDay.dateText != lastDay.dateText
        let crossesYear = firstDay.year != lastDay.year
        var previousDate: String? = nil
        return ticks.map { t in
            let time = UTCTime(unixSeconds: t)
            let text: String
            switch step {
            case .years:
                text = UTCTime.pad(time.year, 4)
            case .months:
                text = UTCTime.pad(time.year, 4) + "-" + UTCTime.pad(time.month, 2)
            case .weeks:
                text = crossesYear ? time.dateText : time.monthDayText
            case .seconds(let n) where n >= 86_400:
                text = crossesYear ? time.dateText : time.monthDayText
            case .seconds(let n):
                let clock = time.timeText(seconds: n < 60)
                let newDay = previousDate != time.dateText
                text = crossesDay && newDay ? time.monthDayText + " " + clock : clock
            }
            previousDate = time.dateText
            return TimeTick(time: t, label: text)
        }
    }

    /// Multiples of `step` (shifted by `offset`) inside `start…end`, computed from integer
    /// multipliers so no error accumulates along the axis.
    private static func multiples(of step: Double, offset: Double, start: Double, end: Double) -> [Double] {
        let first = ((start - offset) / step).rounded(.up)
        let last = ((end - offset) / step).rounded(.down)
        guard first <= last, last - first < 10_000 else { return [] }
        var result: [Double] = []
        var k = first
        while k <= last {
            result.append(offset + k * step)
            k += 1
        }
        return result
    }
}
