import TelemetryModel
import Vocabulary

/// Writes `--where` terms (the filter language of `FilterParser`) that select exactly what a
/// finding names, so a link from the finding opens the trace table filtered to its evidence.
/// Keys that name a span field, or hold characters the bare form cannot, are quoted (a quoted key
/// always means the attribute); text values are quoted (a quoted value compares as text), and
/// numbers and booleans are written bare (they compare by type).
public enum FilterText {
    /// `service=… name=…` for an operation.
    public static func operation(service: String, name: String) -> String {
        "service=" + quoted(service) + " name=" + quoted(name)
    }

    /// `key=value` for an attribute value, `!key` for "(missing)"; nil for a value the language
    /// cannot state (NaN, infinities).
    public static func equals(_ key: String, _ value: AttributeValue?) -> String? {
        guard let value else { return "!" + self.key(key) }
        switch value {
        case .bool(let b): return self.key(key) + "=" + (b ? "true" : "false")
        case .int(let i): return self.key(key) + "=" + String(i)
        case .double(let d):
            guard d.isFinite else { return nil }
            return self.key(key) + "=" + NumberFormat.shortest(d)
        default: return self.key(key) + "=" + quoted(value.displayText)
        }
    }

    /// `key>=lo key<hi` (or `key<=hi` when the range is closed); nil for non-finite bounds.
    public static func range(_ key: String, lower: Double, upper: Double, closed: Bool) -> String? {
        guard lower.isFinite, upper.isFinite else { return nil }
        let k = self.key(key)
        return k + ">=" + NumberFormat.shortest(lower) + " " + k + (closed ? "<=" : "<") + NumberFormat.shortest(upper)
    }

    /// `duration>N` in whole microseconds rounded down (`duration>1234us` is not in the language:
    /// milliseconds with decimals are).
    public static func durationAbove(nanos: Int64) -> String {
        "duration>" + NumberFormat.shortest(Double(nanos / 1000) / 1000) + "ms"
    }

    static let fieldNames: Set<String> = ["service", "name", "duration", "status", "kind", "trace", "traceId"]

    /// A key as the parser reads it back as an attribute key.
    static func key(_ key: String) -> String {
        isBare(key) && !fieldNames.contains(key) && !key.hasPrefix("attr.") ? key : quoted(key)
    }

    /// A quoted string with `"` and `\` escaped.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for c in text {
            if c == "\"" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out + "\""
    }

    static func isBare(_ key: String) -> Bool {
        !key.isEmpty && !key.contains { $0.isWhitespace || "=!<>\"".contains($0) }
    }
}
