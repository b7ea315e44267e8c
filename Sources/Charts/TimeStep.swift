/// One step of a time axis, from d3-time's calendar table: fixed durations up to two days, then
/// weeks (starting on Monday), months and years, which have no fixed length.
public enum TimeStep: Sendable, Equatable {
    /// A fixed number of seconds; ticks are multiples of it since the epoch, so in UTC they fall
    /// on whole minutes, hours and days.
    case seconds(Int)
    /// Weeks starting on Monday 00:00 UTC.
    case weeks(Int)
    /// Months starting on the 1st; with 3, on January, April, July and October.
    case months(Int)
    /// Years starting on January 1st, at multiples of the count (2020, 2025, …).
    case years(Int)

    /// The calendar table: 1 s, 5 s, 15 s, 30 s, 1 min, 5 min, 15 min, 30 min, 1 h, 3 h, 6 h,
    /// 12 h, 1 d, 2 d, 1 week, 1 month, 3 months, 1 year (d3-time's `tickIntervals`).
    public static let table: [TimeStep] = [
        .seconds(1), .seconds(5), .seconds(15), .seconds(30),
        .seconds(60), .seconds(300), .seconds(900), .seconds(1800),
        .seconds(3600), .seconds(10_800), .seconds(21_600), .seconds(43_200),
        .seconds(86_400), .seconds(172_800), .weeks(1), .months(1), .months(3), .years(1),
    ]

    /// Typical length in seconds (30 days a month, 365 a year), for choosing a step.
    public var approximateSeconds: Double {
        switch self {
        case .seconds(let n): return Double(n)
        case .weeks(let n): return Double(n) * 604_800
        case .months(let n): return Double(n) * 2_592_000
        case .years(let n): return Double(n) * 31_536_000
        }
    }

    /// The shortest real distance between two ticks (February for months), to check that
    /// labels fit.
    var minimumSeconds: Double {
        switch self {
        case .months(let n): return Double(n) * 28 * 86_400
        case .years(let n): return Double(n) * 365 * 86_400
        default: return approximateSeconds
        }
    }

    /// The next coarser step: along the table, then years of 1, 2, 5, 10, 20, 50, …
    var coarser: TimeStep {
        if let i = Self.table.firstIndex(of: self), i + 1 < Self.table.count { return Self.table[i + 1] }
        if case .years(let n) = self {
            var magnitude = 1
            while magnitude * 10 <= n { magnitude *= 10 }
            let lead = n / magnitude
            return .years(lead == 1 ? 2 * magnitude : lead == 2 ? 5 * magnitude : 10 * magnitude)
        }
        return .years(1)
    }
}
