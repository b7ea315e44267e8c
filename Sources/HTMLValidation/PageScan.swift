/// What one page contributes to a report-wide validation: its own issues, plus the ids it
/// defines and the links it makes, which are only checked once every page has been scanned
/// (a link may point at any page of the set).
struct PageScan: Sendable {
    /// A link to check against the set of pages (`<a href>`, SVG `<a href>`/`xlink:href`).
    struct Link: Sendable {
        var href: String
        var position: SourcePosition
        /// Name of the element and attribute, for the message, e.g. `<a href>`.
        var origin: String
    }

    var issues: [ValidationIssue] = []
    /// The page's `id`s; `nil` when the page is not well-formed, so links into it are not
    /// checked (the parse error is the one to fix first).
    var ids: Set<String>?
    var links: [Link] = []
}
