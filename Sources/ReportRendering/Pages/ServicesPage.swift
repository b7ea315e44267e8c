import Markup
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// `services.html` (issue 14): the service map — services, the uninstrumented peers they call,
/// and the calls between them — as inline SVG, with the same figures in tables beside it.
struct ServicesPage {
    let context: RenderContext
    /// Rows of each table; `report.json` holds every node and edge.
    static let rowLimit = 1000

    func content(_ linker: Linker) -> Node {
        let map = context.analysis.serviceMap
        let chart = ServiceMapChart(context: context, linker: linker)
        var body: [Node] = [
            .el("h1", .text("Service map")),
            .el(
                "p", ["class": "lede"],
                .text(
                    "Which service calls which. An arrow runs from a parent span's service to its child span's service when they differ; its figures are the child spans' (calls, errors, nearest-rank p50 and p99 of their durations). Uninstrumented peers (squares) are the databases and services that CLIENT or PRODUCER spans with no child span call, named by peer.service, db.system (/db.name), server.address or net.peer.name. Every node links to its traces."
                )),
        ]
        let drawn = chart.drawnNodes().count
        body.append(
            .el(
                "section", ["class": "panel", "id": linker.id("map"), "aria-label": "Service map"],
                children: [
                    .el("h3", .text("Service map")),
                    Components.methodNote(
                        "Layered layout (longest-path layers, barycentre ordering): callers left of the services they call. Node size grows with spans (for peers: the calls that reached them); colour: share of error spans."
                            + (map.nodes.count > drawn
                                ? " The \(drawn) nodes with the most spans are drawn; the table lists all \(map.nodes.count)." : "")),
                    .el(
                        "figure", ["class": "chart"], .el("div", ["class": "sm-scroll"], chart.render(title: "Service map")),
                        ServiceMapChart.legend()),
                ]))
        body.append(Components.section("Calls between services", id: linker.id("edges"), [edgesTable(linker)]))
        body.append(Components.section("Services and peers", id: linker.id("nodes"), [nodesTable(linker)]))
        return .fragment(body)
    }

    func edgesTable(_ linker: Linker) -> Node {
        let edges = context.analysis.serviceMap.edges
        guard !edges.isEmpty else {
            return Components.mutedNote(
                "No calls between services: no span has a parent span of another service, and no client span calls an uninstrumented peer.")
        }
        let rows: [[Node]] = edges.prefix(Self.rowLimit).map { e in
            [
                .text(e.source), .text(e.target), .text(NumberFormat.count(e.calls)),
                e.errors > 0 ? .el("span", ["class": "err"], .text(NumberFormat.count(e.errors))) : .text("0"),
                .text(NumberFormat.percent(e.errors, of: e.calls, .tenths)), .text(NumberFormat.duration(nanos: e.p50Nanos, .table)),
                .text(NumberFormat.duration(nanos: e.p99Nanos, .table)),
            ]
        }
        var nodes = [
            Components.table(
                headers: ["Caller", "Callee", "Calls", "Errors", "Error %", "p50", "p99"], numeric: [2, 3, 4, 5, 6], rows: rows)
        ]
        if edges.count > Self.rowLimit {
            nodes.append(Components.leftOut(edges.count - Self.rowLimit, "edges", cls: "muted"))
        }
        return .fragment(nodes)
    }

    func nodesTable(_ linker: Linker) -> Node {
        let chart = ServiceMapChart(context: context, linker: linker)
        let focus = context.analysis.focusService
        let all = context.analysis.serviceMap.nodes
        let rows: [[Node]] = all.prefix(Self.rowLimit).map { node in
            let name: Node = .fragment([
                .text(node.name),
                node.name == focus ? .fragment([.text(" "), .el("span", ["class": "tag focus"], .text("focus"))]) : .empty,
            ])
            return [
                chart.nodeHref(node).map { .el("a", ["href": $0], name) } ?? name,
                .text(node.isVirtual ? "uninstrumented peer" : "service"),
                .text(NumberFormat.count(node.spanCount)),
                node.errorCount > 0 ? .el("span", ["class": "err"], .text(NumberFormat.count(node.errorCount))) : .text("0"),
                .text(NumberFormat.percent(node.errorCount, of: node.spanCount, .tenths)),
            ]
        }
        var nodes = [
            Components.table(headers: ["Name", "Kind", "Spans (peers: calls)", "Errors", "Error %"], numeric: [2, 3, 4], rows: rows)
        ]
        if all.count > Self.rowLimit {
            nodes.append(Components.leftOut(all.count - Self.rowLimit, "nodes", cls: "muted"))
        }
        return .fragment(nodes)
    }
}
