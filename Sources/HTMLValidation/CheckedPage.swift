/// A page checked on its own, ready for the links between pages to be resolved once every page
/// of the set has been checked (`HTMLValidator.issues(of:)`).
///
/// Why a value of its own: `render` validates each page as soon as it is rendered and then drops
/// its markup (issue 7, peak memory), so what the report-wide step needs — the page's own issues,
/// its ids and its links — must outlive the page's bytes. It holds nothing else.
public struct CheckedPage: Sendable {
    /// The page's path in the report, normalised as links are resolved.
    let path: String
    /// The page's name as shown in issues.
    let file: String
    let scan: PageScan

    init(path: String, file: String, scan: PageScan) {
        self.path = LinkResolver.normalize(path) ?? path
        self.file = file
        self.scan = scan
    }

    /// Whether the page broke a rule of its own (links to other pages are not yet known).
    public var hasIssues: Bool { !scan.issues.isEmpty }
}
