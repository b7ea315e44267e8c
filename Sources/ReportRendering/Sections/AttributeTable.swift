import Markup
import TelemetryModel
import Vocabulary

/// Key/value tables for attributes, resources and events. Long values are cut for display
/// with the whole value one click away in a `<details>` block, so a megabyte attribute cannot
/// swamp the page yet nothing is hidden.
enum AttributeTable {
    static let displayLimit = 160

    /// At most this many rows per table: a span with 100,000 attributes would otherwise make a
    /// 10 MB page (pages stay bounded, DESIGN §7); the rest are counted below the table.
    static let rowLimit = 1000

    static func table(_ attributes: [Attribute], notable: (Attribute) -> Bool = { _ in false }) -> Node {
        var out = MarkupBuffer(capacity: 128 * min(attributes.count, rowLimit) + 64)
        write(attributes, notable: notable, into: &out)
        return out.finish()
    }

    /// The table written into `out`: what a span's card and a resource's table are made of, so
    /// written straight into bytes (`MarkupBuffer`, issue 7).
    static func write(_ attributes: [Attribute], notable: (Attribute) -> Bool = { _ in false }, into out: inout MarkupBuffer) {
        guard !attributes.isEmpty else { return out.node(Components.mutedNote("none")) }
        out.start("table")
        out.attribute("class", literal: "kv")
        out.open()
        out.start("tbody")
        out.open()
        for a in attributes.prefix(rowLimit) {
            out.start("tr")
            if notable(a) { out.attribute("class", literal: "notable") }
            out.open()
            out.start("th")
            out.attribute("scope", literal: "row")
            out.open()
            out.element("code", text: a.key)
            out.end("th")
            out.start("td")
            out.open()
            value(a.value, into: &out)
            out.end("td")
            out.end("tr")
        }
        out.end("tbody")
        out.end("table")
        guard attributes.count > rowLimit else { return }
        out.node(
            Components.mutedNote(
                "The first \(NumberFormat.count(rowLimit)) of \(NumberFormat.count(attributes.count)) attributes, in the order the input gave them; \(NumberFormat.count(attributes.count - rowLimit)) more are not shown."
            ))
    }

    /// A value with its type when it is not a string (so `true` and `"true"` read differently).
    static func value(_ v: AttributeValue, into out: inout MarkupBuffer) {
        let text = v.displayText
        let (shown, cut) = Display.truncated(text, limit: displayLimit)
        out.start("span")
        out.attribute("class", literal: "mono")
        out.open()
        out.text(cut ? shown : text)
        out.end("span")
        if case .string = v {
        } else {
            out.text(literal: " ")
            out.start("span")
            out.attribute("class", literal: "tag")
            out.open()
            out.text(v.kindName)
            out.end("span")
        }
        guard cut else { return }
        out.start("details")
        out.open()
        out.start("summary")
        out.attribute("class", literal: "truncated")
        out.open()
        out.text("show all \(NumberFormat.count(text.count)) characters")
        out.end("summary")
        out.start("div")
        out.attribute("class", literal: "value-full mono")
        out.open()
        out.text(text)
        out.end("div")
        out.end("details")
    }

    /// `key=value` for inline display in a waterfall row, cut short.
    static func inline(_ key: String, _ v: AttributeValue) -> String {
        Display.truncated("\(key)=\(v.displayText)", limit: 60).text
    }
}
