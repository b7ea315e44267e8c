import TelemetryModel

/// A page of the report, and how links reach it in either layout.
public enum PageRef: Hashable, Sendable {
    case index
    case dashboard(String)
    case traces
    case compare
    case logs
    case services
    case trace(TraceID)

    /// The file of the page in the site layout, relative to the report root: its section id
    /// plus `.html`, so both layouts spell a page's name once, except the two pages whose files
    /// are fixed elsewhere (`index.html` is what a browser opens; trace pages sit in `traces/`).
    public var sitePath: String {
        switch self {
        case .index: return "index.html"
        case .trace(let id): return "traces/\(id.hex).html"
        case .dashboard, .traces, .compare, .logs, .services: return sectionID + ".html"
        }
    }

    /// The id of the page's section in the single-file layout; element ids inside a page are
    /// prefixed with it there, so they stay unique when pages are joined.
    public var sectionID: String {
        switch self {
        case .index: return "overview"
        case .dashboard(let id): return "dashboard-\(id)"
        case .traces: return "traces"
        case .compare: return "compare"
        case .logs: return "logs"
        case .services: return "services"
        case .trace(let id): return "trace-\(id.hex)"
        }
    }
}

/// Builds hrefs and element ids for the page being rendered, so pages never spell paths.
struct Linker {
    var layout: ReportOptions.Layout
    var current: PageRef

    /// An element id, unique across the whole report in the single-file layout.
    func id(_ local: String) -> String {
        layout == .site ? local : current.sectionID + "--" + local
    }

    /// A link to a page, optionally to an element on it.
    func href(_ page: PageRef, _ fragment: String? = nil) -> String {
        switch layout {
        case .singleFile:
            guard let fragment else { return "#" + page.sectionID }
            return "#" + page.sectionID + "--" + fragment
        case .site:
            // A link within the page is its fragment alone, and needs no path: most links of a
            // waterfall (its rows') are, and making the trace page's path for each (its id in
            // hex) was most of their cost (issue 7).
            if page == current, let fragment { return "#" + fragment }
            var path = page.sitePath
            // The slash is looked for in the bytes: Foundation's `contains` bridged the path to
            // search it as text, most of the time of the waterfalls' 2,500 row links (issue 7).
            if page == current {
                // The file's name: what follows the last slash (a site path ends in `.html`).
                if let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) { path = String(path[path.utf8.index(after: slash)...]) }
            } else if current.sitePath.utf8.contains(UInt8(ascii: "/")) {
                path = "../" + path
            }
            guard let fragment else { return path }
            return path + "#" + fragment
        }
    }

    /// A link to a page with its script's state in the fragment (`traces.html#a=…&b=…`) rather
    /// than an element id. In the single-file layout the fragment is the state alone: the page's
    /// script, finding it, scrolls its section into view.
    func stateHref(_ page: PageRef, state: String) -> String {
        switch layout {
        case .singleFile: return "#" + state
        case .site: return (page == current ? "" : href(page)) + "#" + state
        }
    }
}
