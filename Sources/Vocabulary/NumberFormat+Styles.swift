/// The named styles pages and findings print durations, shares and sizes in. Where two places
/// print the same quantity differently it is on purpose, and the style says why; every call site
/// names its style, so a page never changes because another page's style did.
extension NumberFormat {
    /// How a span duration (nanoseconds) is written.
    public enum DurationStyle: Sendable {
        /// Table cells: always milliseconds, so a column compares at a glance (`4,200 ms` stays
        /// ms); precision by magnitude: `0.042 ms`, `4.20 ms`, `42.0 ms`, `420 ms`, `4,200 ms`.
        case table
        /// Sentences of findings: milliseconds as in tables, but two decimals below 10 ms
        /// (`0.04 ms`, `4.20 ms`), since prose names a typical time and a third decimal is noise.
        case prose
        /// Headings and summaries: `850 ms` (as ``table``) below a second, then `2.35 s`,
        /// `3 min 20 s`, `2 h 5 min`, which read faster than a long count of milliseconds.
        case heading
    }

    /// A duration given in nanoseconds, in `style`.
    public static func duration(nanos: Int64, _ style: DurationStyle) -> String {
        let v = Double(nanos) / 1e6
        switch style {
        case .table:
            let a = abs(v)
            let decimals = a < 1 ? 3 : (a < 10 ? 2 : (a < 100 ? 1 : 0))
            return grouped(fixed(v, decimals: decimals)) + " ms"
        case .prose:
            return grouped(fixed(v, decimals: v < 10 ? 2 : (v < 100 ? 1 : 0))) + " ms"
        case .heading:
            if nanos < 1_000_000_000 { return duration(nanos: nanos, .table) }
            let s = Double(nanos) / 1e9
            if s < 60 { return fixed(s, decimals: 2) + " s" }
            let total = nanos / 1_000_000_000
            if total < 3600 { return "\(total / 60) min \(total % 60) s" }
            return "\(total / 3600) h \(total % 3600 / 60) min"
        }
    }

    /// A mean (or any fractional count) of nanoseconds, rounded to the nanosecond, in `style`.
    public static func duration(meanNanos: Double, _ style: DurationStyle) -> String {
        duration(nanos: Int64(meanNanos.rounded()), style)
    }

    /// A stretch of wall-clock time given in minutes, for findings about trends and windows:
    /// `45 s` below 2 minutes, `7.5 min` below 10, `42 min` below 2 hours, then `3.5 h`.
    public static func duration(minutes: Double) -> String {
        if minutes < 2 { return fixed(minutes * 60, decimals: 0) + " s" }
        if minutes < 120 { return fixed(minutes, decimals: minutes < 10 ? 1 : 0) + " min" }
        return fixed(minutes / 60, decimals: 1) + " h"
    }

    /// How a share is written as a percentage.
    public enum PercentStyle: Sendable {
        /// Whole percent (`42%`): findings name a share in a sentence, where a decimal is noise.
        case whole
        /// One decimal (`42.5%`): tables and comparisons, where neighbouring rows differ by less
        /// than a percent.
        case tenths

        var decimals: Int { self == .whole ? 0 : 1 }
    }

    /// A fraction (0.425) as a percentage in `style`: `42%` or `42.5%`.
    public static func percent(_ fraction: Double, _ style: PercentStyle) -> String {
        fixed(fraction * 100, decimals: style.decimals) + "%"
    }

    /// `part` of `whole` as a percentage in `style`; `ifWholeIsZero` when there is nothing to
    /// share (tables print `–`; a finding passes `max(whole, 1)` and never reaches it).
    public static func percent(_ part: Int, of whole: Int, _ style: PercentStyle, ifWholeIsZero: String = "–") -> String {
        whole == 0 ? ifWholeIsZero : percent(Double(part) / Double(whole), style)
    }

    /// Bytes in MiB with one decimal and grouping: `1,234.5 MiB` (memory in findings, where
    /// MiB is the unit the memory charts' axes settle on for a service's heap).
    public static func mebibytes(_ bytes: Double) -> String { grouped(fixed(bytes / 1_048_576, decimals: 1)) + " MiB" }

    /// A change of memory in MiB with its sign and precision by magnitude: `+0.125 MiB`,
    /// `−2.50 MiB`, `+12.5 MiB` (a minus sign, as in prose, not a hyphen).
    public static func signedMebibytes(_ bytes: Double) -> String {
        let v = bytes / 1_048_576
        let decimals = abs(v) < 1 ? 3 : (abs(v) < 10 ? 2 : 1)
        return (v >= 0 ? "+" : "−") + fixed(abs(v), decimals: decimals) + " MiB"
    }

    /// A p-value: `p = 0.012`, or `p < 0.001` (three decimals are all a test of this size supports).
    public static func pValue(_ p: Double) -> String {
        p < 0.001 ? "p < 0.001" : "p = " + fixed(p, decimals: 3)
    }
}
