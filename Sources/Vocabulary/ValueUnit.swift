/// What the numbers on a value axis measure, which decides how they are written: binary units
/// for bytes, ms/s/min for durations, `%`, SI-style `k`/`M` suffixes for counts and rates.
public enum ValueUnit: Sendable, Equatable {
    /// Bytes, shown in binary units (KiB = 1024 B), as memory is reported by the OS.
    case bytes
    /// Durations given in milliseconds (span durations are shown in ms, DESIGN §4).
    case milliseconds
    /// Durations given in seconds.
    case seconds
    /// Percentages given as percent (CPU% = rate × 100): 12.5 → `12.5%`.
    case percent
    /// Fractions shown as percent (error rate = errors / calls): 0.125 → `12.5%`.
    case ratio
    /// Plain counts: `950`, `1.2k`, `3.4M`.
    case count
    /// Rates per second: `3.4/s`, `1.2k/s`.
    case perSecond
    /// Any other unit, written after the number: `.plain("req")` → `12 req`.
    case plain(String)

    /// Formats one value on its own (a tooltip, a table cell): ``NumberFormat/value(_:in:)``.
    public func format(_ value: Double) -> String { NumberFormat.value(value, in: self) }

    /// The unit a magnitude is best written in.
    public func displayUnit(forMagnitude magnitude: Double) -> DisplayUnit {
        let m = magnitude.isFinite ? magnitude : 0
        switch self {
        case .bytes:
            let names = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
            var factor = 1.0, index = 0
            while index + 1 < names.count && m >= factor * 1024 {
                factor *= 1024
                index += 1
            }
            return DisplayUnit(factor: factor, suffix: names[index], separator: " ")
        case .milliseconds:
            return Self.duration(m, millisecondsPerUnit: 1)
        case .seconds:
            return Self.duration(m * 1000, millisecondsPerUnit: 1000)
        case .percent:
            return DisplayUnit(factor: 1, suffix: "%", separator: "")
        case .ratio:
            return DisplayUnit(factor: 0.01, suffix: "%", separator: "")
        case .count:
            return Self.decimalPrefix(m, suffix: "")
        case .perSecond:
            return Self.decimalPrefix(m, suffix: "/s")
        case .plain(let name):
            return DisplayUnit(factor: 1, suffix: name, separator: name.isEmpty ? "" : " ")
        }
    }

    /// A short name for the axis title: `bytes`, `ms`, `%`, `count`, `per second`, or the plain unit.
    public var axisTitle: String {
        switch self {
        case .bytes: return "bytes"
        case .milliseconds, .seconds: return "duration"
        case .percent, .ratio: return "percent"
        case .count: return "count"
        case .perSecond: return "per second"
        case .plain(let name): return name
        }
    }

    /// µs, ms, s, min or h for a duration of `ms` milliseconds; the factor is in the caller's
    /// unit (`millisecondsPerUnit` ms each).
    private static func duration(_ ms: Double, millisecondsPerUnit: Double) -> DisplayUnit {
        let factor: Double, suffix: String
        switch ms {
        case 0: (factor, suffix) = (1, "ms")
        case ..<0.01: (factor, suffix) = (0.001, "µs")
        case ..<1000: (factor, suffix) = (1, "ms")
        case ..<60_000: (factor, suffix) = (1000, "s")
        case ..<3_600_000: (factor, suffix) = (60_000, "min")
        default: (factor, suffix) = (3_600_000, "h")
        }
        return DisplayUnit(factor: factor / millisecondsPerUnit, suffix: suffix, separator: " ")
    }

    private static func decimalPrefix(_ m: Double, suffix: String) -> DisplayUnit {
        let prefixes = ["", "k", "M", "G", "T", "P", "E"]
        var factor = 1.0, index = 0
        while index + 1 < prefixes.count && m >= factor * 1000 {
            factor *= 1000
            index += 1
        }
        return DisplayUnit(factor: factor, suffix: prefixes[index] + suffix, separator: "")
    }
}
