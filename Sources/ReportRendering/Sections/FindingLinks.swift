import TelemetryAnalysis
import Vocabulary

/// Turns a finding's evidence links into hrefs for the layout being rendered: a dashboard
/// panel's anchor, `traces.html?where=…` (the trace table's script reads `where` and fills its
/// filter box; the query does not change which page the link resolves to), and the attribute's
/// section on `compare.html` (or its ranking when it has no section). A link whose target the
/// report does not hold is left out.
struct FindingLinks {
    let context: RenderContext
    let linker: Linker

    func resolved(_ finding: Finding) -> [(label: String, href: String)] {
        finding.links.compactMap { link in href(link).map { (link.label, $0) } }
    }

    func href(_ link: Finding.Link) -> String? {
        switch link {
        case .panel(let dashboard, let panel, _):
            guard context.analysis.dashboards.contains(where: { $0.id == dashboard && $0.panels.contains { $0.id == panel } }) else {
                return nil
            }
            return linker.href(.dashboard(dashboard), "panel-" + panel)
        case .traces(let filter, _):
            return linker.href(.traces, query: "where=" + PercentEncoding.encode(filter))
        case .comparison(let service, let operation, let attribute, _):
            let shown = context.analysis.comparisons.prefix(25)
            guard let i = shown.firstIndex(where: { $0.service == service && $0.operation == operation && $0.attribute == attribute })
            else { return nil }
            return linker.href(.compare, i < ComparePage.detailCount ? "comparison-\(i)" : "ranking")
        case .breakdown(let service, let name, _):
            guard let i = context.analysis.breakdowns.firstIndex(where: { $0.rootService == service && $0.rootName == name }) else {
                return nil
            }
            // `compare.html` shows the first `operationLimit` breakdowns (the rest are counted
            // under the section's heading): a finding about a later one links to the section.
            return linker.href(.compare, i < BreakdownSection.operationLimit ? "breakdown-\(i)" : "breakdowns")
        case .exceptions(let index, _):
            guard index < ExceptionsSection.rowLimit, index < context.analysis.exceptions.count else { return nil }
            return linker.href(.index, "exception-\(index)")
        }
    }

}

extension Linker {
    /// A link to a page with a query string: `traces.html?q` in a site, `?q#traces` in one file.
    func href(_ page: PageRef, query: String) -> String {
        let plain = href(page)
        if let hash = plain.firstIndex(of: "#") {
            return String(plain[..<hash]) + "?" + query + String(plain[hash...])
        }
        return plain + "?" + query
    }
}
