import Charts
import Markup
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// A span's detail card: its attributes, resource, events, links and log records.
extension WaterfallPage {
    func card(_ row: TraceTree.Row, index: Int, linker: Linker, logs: TraceLogs) -> Node {
        let span = spans[row.spanIndex]
        let service = context.service(span)
        let resource = context.analysis.snapshot.resource(of: span)
        let scope = context.analysis.snapshot.scope(of: span)
        var facts: [(String, Node)] = [
            ("span id", .el("code", .text(span.spanID.hex))),
            ("parent", span.parentSpanID.isNone ? .text("none (root)") : .el("code", .text(span.parentSpanID.hex))),
            ("kind", .text(span.kind.name)),
            (
                "status",
                span.isError
                    ? .el("span", ["class": "err"], .text("error" + (span.statusMessage.isEmpty ? "" : ": " + span.statusMessage)))
                    : .text(span.status.name + (span.statusMessage.isEmpty ? "" : ": " + span.statusMessage))
            ),
            (
                "start",
                .text(
                    UTCTime.display(nanos: span.startTimeUnixNano) + " (+"
                        + NumberFormat.duration(nanos: span.startTimeUnixNano - trace.startTimeUnixNano, .table)
                        + ")")
            ),
            ("duration", .text(NumberFormat.duration(nanos: span.durationNanos, .table))),
            ("self time", .text(NumberFormat.duration(nanos: row.selfTimeNanos, .table))),
        ]
        if !scope.name.isEmpty { facts.append(("scope", .text(scope.name + (scope.version.isEmpty ? "" : " " + scope.version)))) }
        var parts: [Node] = [
            .el("h3", children: [.el("span", ["class": "svc \(context.colour(service))"]), .text(" \(service): \(span.name)")]),
            .el(
                "table", ["class": "kv"],
                .el("tbody", children: facts.map { k, v in .el("tr", children: [.el("th", ["scope": "row"], .text(k)), .el("td", v)]) })),
            .el("h4", .text("Attributes")),
            AttributeTable.table(span.attributes) { a in
                context.varying.isNotable(service: service, name: span.name, key: a.key, value: a.value)
            },
        ]
        if !span.events.isEmpty {
            parts.append(.el("h4", .text("Events")))
            parts.append(
                .el(
                    "table", ["class": "kv"],
                    .el(
                        "tbody",
                        children: span.events.map { e in
                            .el(
                                "tr",
                                children: [
                                    .el(
                                        "th", ["scope": "row"],
                                        .text(
                                            "+" + NumberFormat.duration(nanos: e.timeUnixNano - trace.startTimeUnixNano, .table) + " "
                                                + e.name)),
                                    .el("td", AttributeTable.table(e.attributes)),
                                ])
                        })))
        }
        parts.append(logs.cardTable(logs.bySpan[span.spanID] ?? []))
        if !span.links.isEmpty {
            parts.append(.el("h4", .text("Links")))
            parts.append(
                .el(
                    "ul",
                    children: span.links.map { l in
                        let target: Node =
                            context.hasWaterfall.contains(l.traceID) && l.traceID != trace.traceID
                            ? .el("a", ["href": linker.href(.trace(l.traceID))], .el("code", .text(l.traceID.hex + " / " + l.spanID.hex)))
                            : .el("code", .text(l.traceID.hex + " / " + l.spanID.hex))
                        return .el("li", children: [target, AttributeTable.table(l.attributes)])
                    }))
        }
        parts.append(
            .el(
                "details",
                children: [
                    .el("summary", .text("Resource (\(resource.attributes.count) attributes)")),
                    context.resourceTables.table(span.resourceIndex, resource),
                ]))
        return .el(
            "section", ["class": "span-card", "id": linker.id("span-\(index)"), "aria-label": "\(service): \(span.name)"], children: parts)
    }
}
