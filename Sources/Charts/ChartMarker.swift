/// A vertical line on the time axis with a short label, for events that explain a chart: a
/// process restart, a counter reset, a deploy.
public struct ChartMarker: Sendable, Equatable {
    public var x: Double
    public var label: String
    /// Added to `marker`, e.g. `reset` to style counter resets apart from restarts.
    public var cssClass: String?

    public init(x: Double, label: String, cssClass: String? = nil) {
        self.x = x
        self.label = label
        self.cssClass = cssClass
    }
}
