import Markup
import TelemetryModel

/// Key/value tables for attributes, resources and events. Long values are cut for display
/// with the whole value one click away in a `<details>` block, so a megabyte attribute cannot
/// swamp the page yet nothing is hidden.
enum AttributeTable {
    static let displayLimit = 160

    static func table(_ attributes: [Attribute], notable: (Attribute) -> Bool = { _ in false }) -> Node {
        guard !attributes.isEmpty else { return .el("p", ["class": "muted"], .text("none")) }
        return .el("table", ["class": "kv"], .el("tbody", children: attributes.map { a in
            .el("tr", attrs: [("class", notable(a) ? "notable" : nil)], children: [
                .el("th", ["scope": "row"], .el("code", .text(a.key))),
                .el("td", value(a.value)),
            ])
        }))
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
            .el("details", children: [
                .el("summary", ["class": "truncated"], .text("show all \(Display.count(text.count)) characters")),
                .el("div", ["class": "value-full mono"], .text(text)),
            ]),
        ])
    }

    /// `key=value` for inline display in a waterfall row, cut short.
    static func inline(_ key: String, _ v: AttributeValue) -> String {
        Display.truncated("\(key)=\(v.displayText)", limit: 60).text
    }
}
