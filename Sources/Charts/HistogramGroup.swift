/// One distribution of a histogram (e.g. the latencies of spans with `app.cache_hit=false`):
/// a count per bin, in the order of the histogram's edges.
public struct HistogramGroup: Sendable, Equatable {
    public var name: String
    public var counts: [Double]
    /// Replaces the positional `sN` colour class.
    public var cssClass: String?

    public init(name: String, counts: [Double], cssClass: String? = nil) {
        self.name = name
        self.counts = counts
        self.cssClass = cssClass
    }

    func colorClass(index: Int) -> String { cssClass ?? "s\(index % 10)" }
    var total: Double { counts.reduce(0) { $0 + ($1.isFinite ? $1 : 0) } }
}
