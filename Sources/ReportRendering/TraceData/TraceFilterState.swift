import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// The trace page's filter state as a URL fragment, `a=EXPR&b=EXPR` (A: the pinned filter,
/// B: the current one), as `static/trace-explorer.js` reads and writes it, so a link can open
/// `traces.html` with an A/B comparison already set (`compare.html` links each ranked attribute
/// this way). Each expression is percent-encoded exactly as JavaScript's `encodeURIComponent`
/// does (RFC 3986 unreserved characters and `!~*'()` stay), so the script's
/// `decodeURIComponent` gives it back unchanged.
struct TraceFilterState: Equatable {
    var a: String?
    var b: String?

    /// `a=…&b=…`, leaving out what is nil.
    var fragment: String {
        [("a", a), ("b", b)].compactMap { key, value in value.map { key + "=" + Self.encodeURIComponent($0) } }
            .joined(separator: "&")
    }

    /// The A/B comparison of an attribute comparison's main values within its operation: for a
    /// categorical attribute, its faster main value as A and its slower one as B (or, without two
    /// main values, any other value as A and the value that marks the slow spans as B); for a
    /// numeric one, the other values (below the range, else above it) as A and the range whose
    /// share differs most as B.
    init(comparison c: AttributeComparison) {
        let base = "service=" + Self.value(c.service) + " name=" + Self.value(c.operation)
        let key = Self.key(c.attribute)
        func with(_ terms: [String]) -> String { ([base] + terms).joined(separator: " ") }
        if c.topValue == "(missing)" {
            a = with([key])
            b = with(["!" + key])
            return
        }
        switch c.kind {
        case .categorical:
            if let s = c.separation {
                a = with([key + "=" + Self.value(s.faster)])
                b = with([key + "=" + Self.value(s.slower)])
            } else {
                a = with([key + "!=" + Self.value(c.topValue)])
                b = with([key + "=" + Self.value(c.topValue)])
            }
        case .numeric:
            let ranges = c.groups.indices.filter { c.groups[$0].value != "(missing)" }
            let top = c.groups.firstIndex { $0.value == c.topValue }.flatMap { ranges.firstIndex(of: $0) }
            let low = top.flatMap { $0 > 0 && $0 - 1 < c.cuts.count ? c.cuts[$0 - 1] : nil }
            let high = top.flatMap { $0 < c.cuts.count ? c.cuts[$0] : nil }
            var inRange: [String] = []
            if let low { inRange.append(key + ">=" + NumberFormat.shortest(low)) }
            if let high { inRange.append(key + "<" + NumberFormat.shortest(high)) }
            b = with(inRange)
            if let low {
                a = with([key + "<" + NumberFormat.shortest(low)])
            } else if let high {
                a = with([key + ">=" + NumberFormat.shortest(high)])
            } else {
                a = with([])
            }
        }
    }

    init(a: String?, b: String?) {
        self.a = a
        self.b = b
    }

    /// Span fields of the filter language: a bare key with one of these names means the field.
    static let fieldNames: Set<String> = ["service", "name", "duration", "status", "kind", "trace", "traceId"]

    /// An attribute key as the filter language reads it back as that attribute: bare when it
    /// can be, else quoted (a quoted key always names an attribute).
    static func key(_ key: String) -> String {
        let bare =
            !key.isEmpty && !fieldNames.contains(key) && !key.hasPrefix("attr.") && !key.hasPrefix("!")
            && !key.contains { $0.isWhitespace || "=!<>\"".contains($0) }
        return bare ? key : quoted(key)
    }

    /// A value as the filter language reads it back: bare when it can be (so `true` and `42`
    /// still compare as a bool and a number), else quoted (text).
    static func value(_ value: String) -> String {
        let bare = !value.isEmpty && !value.contains { $0.isWhitespace || $0 == "\"" }
        return bare ? value : quoted(value)
    }

    /// `"…"` with `\"` and `\\`, the language's only escapes.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// JavaScript's `encodeURIComponent` (ECMA-262 §19.2.6.4): every UTF-8 byte percent-encoded
    /// except `A–Z a–z 0–9 - _ . ! ~ * ' ( )`.
    static func encodeURIComponent(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || "-_.!~*'()".contains(c) {
                out.append(c)
            } else {
                out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
