import Charts
import Markup
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// A span's detail card: its attributes, resource, events, links and log records.
///
/// Written straight into a `MarkupBuffer`, as the rows are: a card is some twenty elements and
/// its attribute tables more, one for every span of the page (issue 7).
extension WaterfallPage {
    func card(_ row: TraceTree.Row, index: Int, linker: Linker, logs: TraceLogs, into out: inout MarkupBuffer) {
        let span = spans[row.spanIndex]
        let service = context.service(span)
        let resource = context.analysis.snapshot.resource(of: span)
        let scope = context.analysis.snapshot.scope(of: span)
        out.start("section")
        out.attribute("class", literal: "span-card")
        out.attribute("id", linker.id("span-\(index)"))
        out.attributeStart("aria-label")
        out.value(service)
        out.value(literal: ": ")
        out.value(span.name)
        out.attributeEnd()
        out.open()

        out.start("h3")
        out.open()
        out.start("span")
        out.attributeStart("class")
        out.value(literal: "svc ")
        out.value(context.colour(service))
        out.attributeEnd()
        out.endEmpty("span")
        out.text(" \(service): \(span.name)")
        out.end("h3")

        out.start("table")
        out.attribute("class", literal: "kv")
        out.open()
        out.start("tbody")
        out.open()
        Self.factStart("span id", into: &out)
        out.element("code", text: span.spanID.hex)
        Self.factEnd(into: &out)
        Self.factStart("parent", into: &out)
        if span.parentSpanID.isNone { out.text(literal: "none (root)") } else { out.element("code", text: span.parentSpanID.hex) }
        Self.factEnd(into: &out)
        Self.fact("kind", span.kind.name, into: &out)
        Self.factStart("status", into: &out)
        let message = span.statusMessage.isEmpty ? "" : ": " + span.statusMessage
        if span.isError {
            out.start("span")
            out.attribute("class", literal: "err")
            out.open()
            out.text("error" + message)
            out.end("span")
        } else {
            out.text(span.status.name + message)
        }
        Self.factEnd(into: &out)
        Self.fact(
            "start",
            UTCTime.display(nanos: span.startTimeUnixNano) + " (+"
                + NumberFormat.duration(nanos: span.startTimeUnixNano - trace.startTimeUnixNano, .table) + ")", into: &out)
        Self.fact("duration", NumberFormat.duration(nanos: span.durationNanos, .table), into: &out)
        Self.fact("self time", NumberFormat.duration(nanos: row.selfTimeNanos, .table), into: &out)
        if !scope.name.isEmpty { Self.fact("scope", scope.name + (scope.version.isEmpty ? "" : " " + scope.version), into: &out) }
        out.end("tbody")
        out.end("table")

        out.element("h4", text: "Attributes")
        let varying = context.varying
        AttributeTable.write(
            span.attributes, notable: { a in varying.isNotable(service: service, name: span.name, key: a.key, value: a.value) },
            into: &out)
        if !span.events.isEmpty {
            out.element("h4", text: "Events")
            out.start("table")
            out.attribute("class", literal: "kv")
            out.open()
            out.start("tbody")
            out.open()
            for e in span.events {
                Self.factStart(
                    "+" + NumberFormat.duration(nanos: e.timeUnixNano - trace.startTimeUnixNano, .table) + " " + e.name, into: &out)
                AttributeTable.write(e.attributes, into: &out)
                Self.factEnd(into: &out)
            }
            out.end("tbody")
            out.end("table")
        }
        out.node(logs.cardTable(logs.bySpan[span.spanID] ?? []))
        if !span.links.isEmpty {
            out.element("h4", text: "Links")
            out.start("ul")
            out.open()
            for l in span.links {
                out.start("li")
                out.open()
                let pair = l.traceID.hex + " / " + l.spanID.hex
                if context.hasWaterfall.contains(l.traceID) && l.traceID != trace.traceID {
                    out.start("a")
                    out.attribute("href", linker.href(.trace(l.traceID)))
                    out.open()
                    out.element("code", text: pair)
                    out.end("a")
                } else {
                    out.element("code", text: pair)
                }
                AttributeTable.write(l.attributes, into: &out)
                out.end("li")
            }
            out.end("ul")
        }
        out.start("details")
        out.open()
        out.element("summary", text: "Resource (\(resource.attributes.count) attributes)")
        out.node(context.resourceTables.table(span.resourceIndex, resource))
        out.end("details")
        out.end("section")
    }

    /// A row of the card's facts table: `<tr><th scope="row">name</th><td>text</td></tr>`.
    static func fact(_ name: String, _ text: String, into out: inout MarkupBuffer) {
        factStart(name, into: &out)
        out.text(text)
        factEnd(into: &out)
    }

    /// A key/value row up to its value, `<tr><th scope="row">name</th><td>`: the facts' rows
    /// and the events' (an event's offset and name, its attributes as the value).
    static func factStart(_ name: String, into out: inout MarkupBuffer) {
        out.start("tr")
        out.open()
        out.start("th")
        out.attribute("scope", literal: "row")
        out.open()
        out.text(name)
        out.end("th")
        out.start("td")
        out.open()
    }

    /// `</td></tr>`.
    static func factEnd(into out: inout MarkupBuffer) {
        out.end("td")
        out.end("tr")
    }
}
