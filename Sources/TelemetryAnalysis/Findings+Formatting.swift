import TelemetryModel

/// How findings print their numbers (grouped counts, ms, percentages, MiB, p-values).
extension Findings {

    static func ms(_ ns: Int64) -> String {
        let v = Double(ns) / 1e6
        return grouped(NumberFormat.fixed(v, decimals: v < 10 ? 2 : (v < 100 ? 1 : 0))) + " ms"
    }

    /// A count as the report's tables print it: `1,424`.
    static func count(_ n: Int) -> String { grouped(String(n)) }

    /// Commas between thousands in the integer part of a plain decimal (`-1234.5` → `-1,234.5`),
    /// so findings print numbers as the tables beside them do.
    static func grouped(_ digits: String) -> String {
        let negative = digits.hasPrefix("-")
        let body = negative ? digits.dropFirst() : Substring(digits)
        let integer = body.prefix { $0 != "." }
        var out = ""
        for (i, c) in integer.enumerated() {
            if i > 0 && (integer.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (negative ? "-" : "") + out + body.dropFirst(integer.count)
    }

    static func pct(_ share: Double) -> String { NumberFormat.fixed(share * 100, decimals: 0) + "%" }

    static func pct(_ part: Int, _ whole: Int) -> String {
        NumberFormat.fixed(Double(part) / Double(max(whole, 1)) * 100, decimals: 1) + "%"
    }

    static func mib(_ bytes: Double) -> String { grouped(NumberFormat.fixed(bytes / 1_048_576, decimals: 1)) + " MiB" }

    static func signedMiB(_ bytes: Double) -> String {
        let v = bytes / 1_048_576
        let decimals = abs(v) < 1 ? 3 : (abs(v) < 10 ? 2 : 1)
        return (v >= 0 ? "+" : "−") + NumberFormat.fixed(abs(v), decimals: decimals) + " MiB"
    }

    static func duration(minutes: Double) -> String {
        if minutes < 2 { return NumberFormat.fixed(minutes * 60, decimals: 0) + " s" }
        if minutes < 120 { return NumberFormat.fixed(minutes, decimals: minutes < 10 ? 1 : 0) + " min" }
        return NumberFormat.fixed(minutes / 60, decimals: 1) + " h"
    }

    /// HH:MM:SS of a unix time in seconds.
    static func clock(_ seconds: Int64) -> String {
        let f = UTCTime.fields(seconds)
        return UTCTime.twoDigits(f.hour) + ":" + UTCTime.twoDigits(f.minute) + ":" + UTCTime.twoDigits(f.second)
    }

    /// "p = 0.012", or "p < 0.001".
    static func pText(_ p: Double) -> String {
        p < 0.001 ? "p < 0.001" : "p = " + NumberFormat.fixed(p, decimals: 3)
    }
}
