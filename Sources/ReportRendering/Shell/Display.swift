/// Text shortened for display. Numbers are written by `NumberFormat` (Vocabulary), the one
/// formatter of pages, findings and charts.
enum Display {
    /// Text cut to `limit` characters for display, with whether it was cut. The full value is
    /// kept elsewhere on the page (a `<details>` block) so nothing is lost.
    static func truncated(_ s: String, limit: Int) -> (text: String, cut: Bool) {
        // A character takes at least a byte: no more bytes than `limit`, no more characters
        // (counted in O(1), where `count` walks the text's grapheme clusters).
        guard s.utf8.count > limit, s.count > limit else { return (s, false) }
        return (String(s.prefix(limit)) + "…", true)
    }
}
