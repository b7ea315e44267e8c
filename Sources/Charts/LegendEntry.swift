import Markup

/// One row of a legend: a name and the CSS class that gives its colour (`s0`, `error`, …).
public struct LegendEntry: Sendable, Equatable {
    public var name: String
    public var cssClass: String

    public init(name: String, cssClass: String) {
        self.name = name
        self.cssClass = cssClass
    }

    /// The legend as HTML (`<ul class="chart-legend">`), outside the SVG so that it wraps on
    /// narrow screens, can be read and selected as text, and needs no layout arithmetic.
    public static func list(_ entries: [LegendEntry]) -> Node {
        guard !entries.isEmpty else { return .empty }
        return .el(
            "ul", ["class": "chart-legend"],
            children: entries.map { entry in
                .el(
                    "li", ["class": entry.cssClass],
                    .el("span", ["class": "swatch", "aria-hidden": "true"]),
                    .text(entry.name))
            })
    }
}
