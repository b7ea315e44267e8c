/// One point of a series: `x` in unix seconds (or any linear quantity), `y` nil for "no value
/// here", which breaks the line instead of drawing a misleading zero.
public struct ChartPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double?

    public init(x: Double, y: Double?) {
        self.x = x
        self.y = y
    }
}
