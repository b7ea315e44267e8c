/// RFC 3339 text, read and written, and the display forms of unix times in nanoseconds or
/// seconds (the model's units).
extension UTCTime {
    /// Calendar fields of a unix time in whole seconds.
    public static func fields(_ seconds: Int64) -> (year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64) {
        let t = UTCTime(seconds: seconds)
        return (Int64(t.year), Int64(t.month), Int64(t.day), Int64(t.hour), Int64(t.minute), Int64(t.second))
    }

    /// `2026-01-15T10:00:00Z`, or with a fraction (`.123456789`, trailing zeros trimmed) when
    /// the time is not a whole second.
    public static func rfc3339(nanos: Int64) -> String {
        let seconds = Math.floorDiv(nanos, 1_000_000_000)
        let fraction = nanos - seconds * 1_000_000_000
        var text = rfc3339Date(seconds: seconds)
        if fraction != 0 {
            var digits = pad(fraction, 9)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text + "Z"
    }

    /// `2026-01-15T10:00:00Z` for whole seconds.
    public static func rfc3339(seconds: Int64) -> String { rfc3339Date(seconds: seconds) + "Z" }

    /// `2026-01-15 10:00:00` for people (UTC is stated once on the page): the whole seconds'
    /// `dateTimeText`, written in place (nanoseconds in Int64 reach from 1677 to 2262, so the year
    /// always has four digits).
    public static func display(nanos: Int64) -> String {
        UTCTime(seconds: Math.floorDiv(nanos, 1_000_000_000)).dateTimeText
    }

    /// `10:00:00.123` — a time of day with milliseconds, for spans.
    public static func timeOfDay(nanos: Int64) -> String {
        let s = Math.floorDiv(nanos, 1_000_000_000)
        let f = fields(s)
        let ms = (nanos - s * 1_000_000_000) / 1_000_000
        return "\(pad(f.hour, 2)):\(pad(f.minute, 2)):\(pad(f.second, 2)).\(pad(ms, 3))"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` into unix nanoseconds.
    public static func parseRFC3339(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        func num(_ from: Int, _ len: Int) -> Int64? {
            guard from + len <= b.count else { return nil }
            var v: Int64 = 0
            for i in from..<(from + len) {
                guard b[i] >= 48 && b[i] <= 57 else { return nil }
                v = v * 10 + Int64(b[i] - 48)
            }
            return v
        }
        guard b.count >= 20, let y = num(0, 4), b[4] == 45, let mo = num(5, 2), b[7] == 45, let d = num(8, 2),
            b[10] == 84 || b[10] == 116 || b[10] == 32, let h = num(11, 2), b[13] == 58, let mi = num(14, 2), b[16] == 58,
            let s = num(17, 2), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61
        else { return nil }
        var i = 19
        var fraction: Int64 = 0
        if i < b.count && b[i] == 46 {
            i += 1
            var digits = 0
            while i < b.count && b[i] >= 48 && b[i] <= 57 {
                if digits < 9 {
                    fraction = fraction * 10 + Int64(b[i] - 48)
                    digits += 1
                }
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 { fraction *= 10 }
        }
        var offset: Int64 = 0
        guard i < b.count else { return nil }
        if b[i] == 90 || b[i] == 122 {
            i += 1
        } else if b[i] == 43 || b[i] == 45, let oh = num(i + 1, 2), b.count > i + 3, b[i + 3] == 58, let om = num(i + 4, 2) {
            offset = (oh * 3600 + om * 60) * (b[i] == 43 ? 1 : -1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let secs = days(fromCivil: y, mo, d) * 86_400 + h * 3600 + mi * 60 + s - offset
        // Unix nanoseconds in Int64 end in 2262: a later time (data says "2424-…") is not
        // representable, so it does not parse, rather than trapping (found by Scripts/fuzz.sh).
        let (nanos, overflow) = secs.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return nil }
        let (total, overflow2) = nanos.addingReportingOverflow(fraction)
        return overflow2 ? nil : total
    }

    static func rfc3339Date(seconds: Int64) -> String {
        let f = fields(seconds)
        return "\(pad(f.year, 4))-\(pad(f.month, 2))-\(pad(f.day, 2))T\(pad(f.hour, 2)):\(pad(f.minute, 2)):\(pad(f.second, 2))"
    }

    /// `HH:MM:SS` of a unix time in seconds (findings name the time of day of a restart or a peak).
    public static func clock(seconds: Int64) -> String { UTCTime(seconds: seconds).timeText(seconds: true) }

    /// `05`: two digits, for clock-style labels.
    public static func twoDigits(_ v: Int64) -> String { pad(v, 2) }

    static func pad(_ v: Int64, _ width: Int) -> String { pad(Int(v), width) }
}
