/// A named line of a chart. Its colour comes from a CSS class so the page's stylesheet can
/// switch light and dark schemes: `s0`…`s9` by position unless `cssClass` names another.
public struct ChartSeries: Sendable, Equatable {
    public var name: String
    public var points: [ChartPoint]
    /// Replaces the positional `sN` class (pass `s3` to pick a palette colour, or a class of
    /// your stylesheet that sets `--c`).
    public var cssClass: String?

    public init(name: String, points: [ChartPoint], cssClass: String? = nil) {
        self.name = name
        self.points = points
        self.cssClass = cssClass
    }

    /// Convenience for `(x, y)` pairs.
    public init(name: String, pairs: [(Double, Double?)], cssClass: String? = nil) {
        self.init(name: name, points: pairs.map { ChartPoint(x: $0.0, y: $0.1) }, cssClass: cssClass)
    }

    /// The class used for series number `index`.
    func colorClass(index: Int) -> String {
        cssClass ?? "s\(index % 10)"
    }
}
