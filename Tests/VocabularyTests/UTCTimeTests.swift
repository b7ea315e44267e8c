import Testing
import Vocabulary

/// Days from the civil calendar, checked against day counts computed independently (Python's
/// `datetime.date` ordinals minus 1970-01-01's), at leap days and year boundaries.
@Suite struct UTCTimeTests {
    static let knownDays: [(year: Int64, month: Int64, day: Int64, days: Int64)] = [
        (1970, 1, 1, 0), (1969, 12, 31, -1), (1999, 12, 31, 10_956), (2000, 1, 1, 10_957),
        // 2000 is a leap year (divisible by 400), 2100 is not (divisible by 100), 1600 is.
        (2000, 2, 29, 11_016), (2000, 3, 1, 11_017), (2100, 2, 28, 47_540), (2100, 3, 1, 47_541),
        (1600, 2, 29, -135_081), (2024, 12, 31, 20_088), (2025, 1, 1, 20_089), (1, 1, 1, -719_162),
    ]

    @Test func daysFromCivilAtLeapDaysAndYearBoundaries() {
        for k in Self.knownDays {
            #expect(UTCTime.days(fromCivil: k.year, k.month, k.day) == k.days, "\(k)")
            let civil = UTCTime.civil(fromDays: k.days)
            #expect(civil.year == Int(k.year) && civil.month == Int(k.month) && civil.day == Int(k.day), "\(k)")
        }
    }

    @Test func dayAfterFebruary28thIsMarch1stOutsideLeapYears() {
        #expect(UTCTime.civil(fromDays: 47_540 + 1) == (year: 2100, month: 3, day: 1))
        #expect(UTCTime.civil(fromDays: 11_016 - 1) == (year: 2000, month: 2, day: 28))
    }

    @Test func fieldsOfUnixSecondsAndBack() {
        let t = UTCTime(seconds: 1_700_000_000)
        #expect(t == UTCTime(year: 2023, month: 11, day: 14, hour: 22, minute: 13, second: 20))
        #expect(t.unixSeconds == 1_700_000_000)
        #expect(UTCTime(seconds: -1).dateTimeText == "1969-12-31 23:59:59")
        #expect(UTCTime(unixSeconds: 1_700_000_000.25).dateTimeText == "2023-11-14 22:13:20.250")
        #expect(UTCTime(unixSeconds: 951_782_400).dateText == "2000-02-29")
        #expect(UTCTime(year: 2000, month: 2, day: 29).unixSeconds == 951_782_400)
        #expect(UTCTime(year: 2024, month: 3, day: 5).monthDayText == "03-05")
        #expect(UTCTime(year: 2024, month: 3, day: 5, hour: 14, minute: 7).timeText(seconds: false) == "14:07")
        #expect(UTCTime.clock(seconds: 1_700_000_000) == "22:13:20")
    }

    @Test func rfc3339FormatsAndParsesUTC() {
        #expect(UTCTime.rfc3339(nanos: 0) == "1970-01-01T00:00:00Z")
        #expect(UTCTime.rfc3339(nanos: 1_700_000_000_123_000_000) == "2023-11-14T22:13:20.123Z")
        #expect(UTCTime.rfc3339(nanos: -1) == "1969-12-31T23:59:59.999999999Z")
        #expect(UTCTime.rfc3339(seconds: 951_782_400) == "2000-02-29T00:00:00Z")
        #expect(UTCTime.display(nanos: 1_700_000_000_999_000_000) == "2023-11-14 22:13:20")
        #expect(UTCTime.timeOfDay(nanos: 1_700_000_000_123_000_000) == "22:13:20.123")
        #expect(UTCTime.parseRFC3339("2023-11-14T22:13:20.123Z") == 1_700_000_000_123_000_000)
        #expect(UTCTime.parseRFC3339("2023-11-14T23:13:20+01:00") == 1_700_000_000_000_000_000)
        #expect(UTCTime.parseRFC3339("2000-02-29T00:00:00Z") == 951_782_400_000_000_000)
        #expect(UTCTime.parseRFC3339("2023-11-14") == nil)
        #expect(UTCTime.parseRFC3339("2424-01-01T00:00:00Z") == nil)
    }
}

/// The display forms written in place give what their pieces joined give: zero-padded fields
/// (checked against `String(value)` padded by hand), and date-times before 1970, after 2099 and
/// outside four-digit years.
@Suite struct UTCTimeDisplayTests {
    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value.magnitude)
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    @Test func fieldsArePaddedAsTheirDigitsPaddedByHand() {
        var rng = SplitMix64(seed: 17)
        for width in 0...17 {
            for value in [0, 1, 9, 10, 99, 100, 999_999_999, 1_000_000_000_000_000, Int.max, -1, -42, Int.min + 1] {
                #expect(UTCTime.pad(value, width) == Self.padded(value, width), "\(value) \(width)")
            }
            for _ in 0..<50 {
                let value = Int(truncatingIfNeeded: rng.next() >> (rng.next() % 64)) * (rng.next() % 5 == 0 ? -1 : 1)
                #expect(UTCTime.pad(value, width) == Self.padded(value, width), "\(value) \(width)")
            }
        }
    }

    @Test func dateTimesAreTheirFieldsJoined() {
        var rng = SplitMix64(seed: 23)
        // Nanoseconds in Int64 reach from 1677 to 2262.
        let seconds: [Int64] = [0, -1, 86_399, 951_782_400, 4_102_444_799, 4_102_444_800, -9_000_000_000, 9_000_000_000]
        for s in seconds + (0..<2000).map({ _ in Int64(bitPattern: rng.next()) % 9_000_000_000 }) {
            let f = UTCTime.fields(s)
            let joined =
                "\(Self.padded(Int(f.year), 4))-\(Self.padded(Int(f.month), 2))-\(Self.padded(Int(f.day), 2)) "
                + "\(Self.padded(Int(f.hour), 2)):\(Self.padded(Int(f.minute), 2)):\(Self.padded(Int(f.second), 2))"
            #expect(UTCTime.display(nanos: s * 1_000_000_000 + 999_999_999) == joined, "\(s)")
        }
    }

    /// `dateTimeText`, written in place for usual fields, against its fields padded and joined,
    /// with and without milliseconds, and for fields of other widths (which take the joining).
    @Test func dateTimeTextIsItsFieldsJoined() {
        func joined(_ t: UTCTime) -> String {
            let base =
                "\(Self.padded(t.year, 4))-\(Self.padded(t.month, 2))-\(Self.padded(t.day, 2)) "
                + "\(Self.padded(t.hour, 2)):\(Self.padded(t.minute, 2)):\(Self.padded(t.second, 2))"
            return t.millisecond == 0 ? base : base + "." + Self.padded(t.millisecond, 3)
        }
        var rng = SplitMix64(seed: 29)
        var times = (0..<3000).map { _ in
            UTCTime(unixSeconds: Double(Int64(bitPattern: rng.next()) % 9_000_000_000) + 0.001 * Double(rng.next() % 1000))
        }
        times += [UTCTime(seconds: 0), UTCTime(year: 12_345, month: 1, day: 2), UTCTime(year: -5, month: 12, day: 31, millisecond: 7)]
        times += [UTCTime(year: 2024, month: 100, day: 1), UTCTime(year: 2024, month: 1, day: 1, millisecond: 1000)]
        for t in times { #expect(t.dateTimeText == joined(t), "\(t)") }
        #expect(
            UTCTime(year: 2024, month: 3, day: 5, hour: 4, minute: 7, second: 9, millisecond: 25).dateTimeText == "2024-03-05 04:07:09.025")
    }
}
