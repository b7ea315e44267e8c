/// `{name}` and `{name|fallback}` placeholders in dashboard text (titles, ids, matcher values,
/// method templates). Only the names the evaluator knows are replaced, so that regex
/// quantifiers such as `a{2}` in a matcher stay as written.
public enum Placeholders {
    public static let known: Set<String> = ["service", "metric", "window", "step"]

    /// The text with each known placeholder replaced by its value, or by its fallback when the
    /// value is nil (an absent value without a fallback becomes empty).
    public static func expand(_ text: String, values: [String: String?]) -> String {
        guard text.contains("{") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let inner = rest[rest.index(after: open)..<close]
            let parts = inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            if known.contains(name), let entry = values[name] {
                out += entry ?? (parts.count > 1 ? String(parts[1]) : "")
            } else {
                out += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }

    /// Whether the text uses `{name}` (with or without a fallback).
    public static func uses(_ name: String, in text: String) -> Bool {
        text.contains("{\(name)}") || text.contains("{\(name)|")
    }
}
