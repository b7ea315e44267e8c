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
        guard !attributes.isEmpty else { return Components.mutedNote("none") }
        let table = Node.el(
            "table", ["class": "kv"],
            .el(
                "tbody",
                children: attributes.prefix(rowLimit).map { a in
                    .el(
                        "tr", attrs: [("class", notable(a) ? "notable" : nil)],
                        children: [
                            .el("th", ["scope": "row"], .el("code", .text(a.key))),
                            .el("td", value(a.value)),
                        ])
                }))
        guard attributes.count > rowLimit else { return table }
        return .fragment([
            table,
            Components.mutedNote(
                "The first \(NumberFormat.count(rowLimit)) of \(NumberFormat.count(attributes.count)) attributes, in the order the input gave them; \(NumberFormat.count(attributes.count - rowLimit)) more are not shown."
            ),
        ])
    }

    /// A value with its type when it is not a string (so `true` and `"true"` read differently).
    static func value(_ v: AttributeValue) -> Node {
        let text = v.displayText
        let typeNote: Node = {
            if case .string = v { return .empty }
            return .fragment([.text(" "), .el("span", ["class": "tag"], .text(v.kindName))])
        }()
        let (shown, cut) = Display.truncated(text, limit: displayLimit)
        guard cut else { return .fragment([.el("span", ["class": "mono"], .text(text)), typeNote]) }
        return .fragment([
            .el("span", ["class": "mono"], .text(shown)), typeNote,
            .el(
                "details",
                children: [
                    .el("summary", ["class": "truncated"], .text("show all \(NumberFormat.count(text.count)) characters")),
                    .el("div", ["class": "value-full mono"], .text(text)),
                ]),
        ])
    }

    /// `key=value` for inline display in a waterfall row, cut short.
    static func inline(_ key: String, _ v: AttributeValue) -> String {
        Display.truncated("\(key)=\(v.displayText)", limit: 60).text
    }
}
