/// A calendar date and time in UTC computed from unix time with integer arithmetic only
/// (Howard Hinnant's `civil_from_days`/`days_from_civil`, proleptic Gregorian), so that every
/// timestamp and time-axis label is the same on every machine: no time zone, no locale, no
/// Foundation formatter. The one calendar of the tool: the model's RFC 3339 text
/// (`UTCTime+Text.swift`) and the charts' calendar ticks both use it.
public struct UTCTime: Sendable, Equatable {
    public var year: Int
    public var month: Int  // 1...12
    public var day: Int  // 1...31
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var millisecond: Int

    /// The times a snapshot may hold: from 1970-01-01 up to, not including, 2100-01-01, in
    /// nanoseconds since the epoch. Every decoder rejects a time outside it, with its place in
    /// the file (`rejection(of:)`).
    ///
    /// Why: OTLP times are unsigned (`fixed64`), so one before 1970 is garbage or a wrapped
    /// value, and no telemetry comes from the next century; and with every time below 2^62 the
    /// difference of two times, or the sum of two, stays within `Int64`, which the analysis
    /// relies on (sums of many durations saturate instead: `Math.saturatingAdd`).
    public static let supportedNanos: Range<Int64> = 0..<4_102_444_800_000_000_000

    /// What a decoder says of `nanos` outside `supportedNanos`: `expected a time from 1970 to
    /// 2099, found …` followed by the time as nanoseconds.
    public static func rejection(of nanos: Int64) -> String {
        "expected a time from 1970 to 2099, found \(nanos) ns since the epoch"
    }

    /// The UTC fields of `unixSeconds`, rounded to the millisecond (chart times are doubles).
    public init(unixSeconds: Double) {
        let ms = unixSeconds.isFinite ? Int64((unixSeconds * 1000).rounded(.toNearestOrAwayFromZero)) : 0
        self.init(milliseconds: ms)
    }

    /// The UTC fields of a whole number of unix seconds, exactly.
    public init(seconds: Int64) {
        let days = Math.floorDiv(seconds, 86_400)
        let rest = seconds - days * 86_400
        (year, month, day) = Self.civil(fromDays: days)
        (hour, minute, second, millisecond) = (Int(rest / 3600), Int(rest % 3600 / 60), Int(rest % 60), 0)
    }

    private init(milliseconds ms: Int64) {
        let days = Math.floorDiv(ms, 86_400_000)
        var rest = ms - days * 86_400_000
        hour = Int(rest / 3_600_000)
        rest %= 3_600_000
        minute = Int(rest / 60_000)
        rest %= 60_000
        second = Int(rest / 1000)
        millisecond = Int(rest % 1000)
        (year, month, day) = Self.civil(fromDays: days)
    }

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second, self.millisecond) = (hour, minute, second, millisecond)
    }

    /// Unix seconds of these fields.
    public var unixSeconds: Double {
        let seconds = daysSinceEpoch * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return Double(seconds) + Double(millisecond) / 1000
    }

    /// Days since 1970-01-01 of this date (negative before it).
    public var daysSinceEpoch: Int64 { Self.days(fromCivil: Int64(year), Int64(month), Int64(day)) }

    /// `2024-03-05 14:07:09`, with `.250` appended when there are milliseconds.
    ///
    /// Written into one string when every field has its usual width (a year of four digits),
    /// as it always has from a timestamp: joining the six padded fields with `+` made a string
    /// at each step, about 4,700 instructions a timestamp (issue 7). `display(nanos:)` is this
    /// text of the whole seconds.
    public var dateTimeText: String {
        let usual =
            (0...9999).contains(year) && (0...99).contains(month) && (0...99).contains(day) && (0...99).contains(hour)
            && (0...99).contains(minute) && (0...99).contains(second) && (0...999).contains(millisecond)
        guard usual else {
            let base = dateText + " " + timeText(seconds: true)
            return millisecond == 0 ? base : base + "." + Self.pad(millisecond, 3)
        }
        let count = millisecond == 0 ? 19 : 23
        return String(unsafeUninitializedCapacity: count) { text in
            func put(_ value: Int, _ width: Int, at start: Int, then separator: UInt8? = nil) {
                var v = value
                for i in stride(from: start + width - 1, through: start, by: -1) {
                    text[i] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
                if let separator { text[start + width] = separator }
            }
            put(year, 4, at: 0, then: UInt8(ascii: "-"))
            put(month, 2, at: 5, then: UInt8(ascii: "-"))
            put(day, 2, at: 8, then: UInt8(ascii: " "))
            put(hour, 2, at: 11, then: UInt8(ascii: ":"))
            put(minute, 2, at: 14, then: UInt8(ascii: ":"))
            put(second, 2, at: 17)
            if millisecond != 0 {
                text[19] = UInt8(ascii: ".")
                put(millisecond, 3, at: 20)
            }
            return count
        }
    }

    /// `2024-03-05`.
    public var dateText: String { Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2) }

    /// `03-05`.
    public var monthDayText: String { Self.pad(month, 2) + "-" + Self.pad(day, 2) }

    /// `14:07:09` or `14:07`.
    public func timeText(seconds: Bool) -> String {
        let hm = Self.pad(hour, 2) + ":" + Self.pad(minute, 2)
        return seconds ? hm + ":" + Self.pad(second, 2) : hm
    }

    /// The civil date (year, month 1–12, day 1–31) of a day count since 1970-01-01.
    public static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = Math.floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (Int(y), Int(m), Int(d))
    }

    /// The day count since 1970-01-01 of a civil date (negative before it).
    public static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = Math.floorDiv(y, 400)
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// `value` with at least `width` digits, zero-padded (`-` before the padding).
    public static func pad(_ value: Int, _ width: Int) -> String {
        // Fields of a date (non-negative, a few digits): written straight into the string,
        // which for these lengths is stored in place. Building it from `String(value)` and a
        // padding string was 600 instructions a field (3,500 timestamps on a 500k-span report's
        // pages, six fields each).
        if value >= 0 && value < 1_000_000_000_000_000 && width <= 15 {
            var length = 1, power = 10
            while power <= value {
                length += 1
                power *= 10
            }
            let count = Swift.max(width, length)
            return String(unsafeUninitializedCapacity: count) { buffer in
                var v = value
                for i in stride(from: count - 1, through: 0, by: -1) {
                    buffer[i] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
                return count
            }
        }
        let digits = String(abs(value))
        let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
        return value < 0 ? "-" + padded : padded
    }
}
