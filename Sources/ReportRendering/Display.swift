import TelemetryModel

/// Fixed, locale-free text for numbers in tables, so pages are byte-identical across machines.
enum Display {
    /// A duration from nanoseconds in ms with precision by magnitude: `0.042 ms`, `4.20 ms`,
    /// `42.0 ms`, `420 ms`, `4,200 ms` stays ms so columns compare at a glance.
    static func ms(_ nanos: Int64) -> String {
        let v = Double(nanos) / 1e6
        let a = abs(v)
        let text: String
        if a < 1 {
            text = NumberFormat.fixed(v, decimals: 3)
        } else if a < 10 {
            text = NumberFormat.fixed(v, decimals: 2)
        } else if a < 100 {
            text = NumberFormat.fixed(v, decimals: 1)
        } else {
            text = grouped(NumberFormat.fixed(v, decimals: 0))
        }
        return text + " ms"
    }

    /// A human duration for headings: `850 ms`, `2.35 s`, `3 min 20 s`.
    static func duration(_ nanos: Int64) -> String {
        if nanos < 1_000_000_000 { return ms(nanos) }
        let s = Double(nanos) / 1e9
        if s < 60 { return NumberFormat.fixed(s, decimals: 2) + " s" }
        let total = nanos / 1_000_000_000
        if total < 3600 { return "\(total / 60) min \(total % 60) s" }
        return "\(total / 3600) h \(total % 3600 / 60) min"
    }

    /// An integer with thin grouping commas: `12,345`.
    static func count(_ n: Int) -> String { grouped(String(n)) }

    /// A percentage with one decimal: `2.5%`.
    static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "–" : NumberFormat.fixed(Double(part) / Double(whole) * 100, decimals: 1) + "%"
    }

    static func grouped(_ digits: String) -> String {
        var sign = ""
        var body = Substring(digits)
        if body.hasPrefix("-") {
            sign = "-"
            body = body.dropFirst()
        }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integer = Array(parts[0])
        var out = ""
        for (i, c) in integer.enumerated() {
            if i > 0 && (integer.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        if parts.count > 1 { out += "." + parts[1] }
        return sign + out
    }

    /// Text cut to `limit` characters for display, with whether it was cut. The full value is
    /// kept elsewhere on the page (a `<details>` block) so nothing is lost.
    static func truncated(_ s: String, limit: Int) -> (text: String, cut: Bool) {
        guard s.count > limit else { return (s, false) }
        return (String(s.prefix(limit)) + "…", true)
    }
}
