/// One mark of a scatter chart: a trace at its start time and duration, say, classed `error`
/// when it failed and linked to its waterfall page.
public struct ScatterPoint: Sendable, Equatable {
    /// Unix seconds.
    public var x: Double
    public var y: Double
    /// Added to the circle's classes (`error`, `slow`), which the stylesheet colours.
    public var cssClass: String?
    /// Wraps the circle in an SVG `<a href>`, e.g. `traces/<id>.html`.
    public var href: String?
    /// The hover `<title>` (and the data table's note); "UTC time · value" when nil.
    public var title: String?

    public init(x: Double, y: Double, cssClass: String? = nil, href: String? = nil, title: String? = nil) {
        self.x = x
        self.y = y
        self.cssClass = cssClass
        self.href = href
        self.title = title
    }
}
