/// Text shortened for display. Numbers are written by `NumberFormat` (Vocabulary), the one
/// formatter of pages, findings and charts.
enum Display {
    /// Text cut to `limit` characters for display, with whether it was cut. The full value is
    /// kept elsewhere on the page (a `<details>` block) so nothing is lost.
    static func truncated(_ s: String, limit: Int) -> (text: String, cut: Bool) {
        guard s.count > limit else { return (s, false) }
        return (String(s.prefix(limit)) + "…", true)
    }
}
