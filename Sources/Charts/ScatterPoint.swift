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
    /// Written as the circle's `data-i`, so a page script can find the record the point shows
    /// (the trace page dims the traces a filter leaves out); nil writes nothing.
    public var dataIndex: Int?

    public init(x: Double, y: Double, cssClass: String? = nil, href: String? = nil, title: String? = nil, dataIndex: Int? = nil) {
        self.x = x
        self.y = y
        self.cssClass = cssClass
        self.href = href
        self.title = title
        self.dataIndex = dataIndex
    }
}
