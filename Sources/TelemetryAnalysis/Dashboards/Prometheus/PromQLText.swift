import DashboardConfig
import TelemetryModel
import Vocabulary

/// How a dashboard's metric names, label keys and matchers are written in PromQL 2.42, where
/// names and label keys are `[a-zA-Z_:][a-zA-Z0-9_:]*` (no dots). The OpenTelemetry → Prometheus
/// translation (and `PrometheusSeriesMapping` on the way in) puts `service.name` in `job` and
/// `service.instance.id` in `instance`, and writes other keys with every character that is not
/// a letter, digit or underscore as `_` (OTel spec "Prometheus and OpenMetrics Compatibility").
enum PromQLText {
    /// Whether Prometheus 2.42 can hold a metric of this name (`process.cpu.time` cannot: the
    /// dashboards list such names for OTLP files, and they are skipped here).
    static func isMetricName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, isNameStart(first) else { return false }
        return name.unicodeScalars.allSatisfy { isNameStart($0) || ("0"..."9").contains($0) }
    }

    static func isNameStart(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" || c == ":"
    }

    /// The Prometheus label name a dashboard label key stands for.
    static func labelName(_ key: String) -> String {
        switch key {
        case "service.name": return "job"
        case "service.instance.id": return "instance"
        default:
            var out = ""
            for c in key.unicodeScalars {
                let ok = ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_"
                out.unicodeScalars.append(ok ? c : "_")
            }
            if let f = out.unicodeScalars.first, ("0"..."9").contains(f) { out = "key_" + out }
            return out.isEmpty ? "_" : out
        }
    }

    /// A double-quoted PromQL string (Go escaping: backslash, quote, newline).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for c in text.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    /// `label="value"` (or `!=`, `=~`, `!~`).
    static func matcher(_ m: LabelMatcher) -> String {
        labelName(m.label) + m.op.rawValue + quoted(m.value)
    }

    /// `name{a="b", …}`.
    static func selector(_ name: String, _ matchers: [String]) -> String {
        matchers.isEmpty ? name : name + "{" + matchers.joined(separator: ", ") + "}"
    }

    /// `φ` as PromQL reads it (shortest round-trip decimal).
    static func number(_ v: Double) -> String { NumberFormat.shortest(v) }
}
