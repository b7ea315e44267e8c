import Vocabulary

/// A linear map from a data domain to a pixel range (the range may run backwards, as the y axis
/// does: larger values are higher on screen, so at smaller pixel y).
public struct LinearScale: Sendable, Equatable {
    public var domain: (lower: Double, upper: Double)
    public var range: (start: Double, end: Double)

    public init(domain: (lower: Double, upper: Double), range: (start: Double, end: Double)) {
        self.domain = domain
        self.range = range
    }

    /// The domain that covers `values`, padded when flat and widened to include zero when
    /// `zeroBaseline` is set (a soft minimum: latency and memory read wrongly without their zero,
    /// but negative data still extends below it). Non-finite values are ignored; no values → 0…1.
    public static func domain(covering values: [Double], zeroBaseline: Bool) -> (lower: Double, upper: Double) {
        guard var (lower, upper) = Math.finiteExtent(values) else { return (0, 1) }
        if zeroBaseline {
            lower = min(lower, 0)
            upper = max(upper, 0)
        }
        if lower == upper {
            // A flat series: give it room, centred when it cannot sit on zero.
            if lower == 0 { return (0, 1) }
            let pad = abs(lower) * 0.1
            return (lower - pad, upper + pad)
        }
        return (lower, upper)
    }

    /// The pixel position of `value`.
    public func callAsFunction(_ value: Double) -> Double {
        let span = domain.upper - domain.lower
        guard span != 0 else { return (range.start + range.end) / 2 }
        return range.start + (value - domain.lower) / span * (range.end - range.start)
    }

    /// Nice ticks inside the domain (d3's `scale.ticks`).
    public func ticks(count: Int) -> [Double] {
        Ticks.ticks(domain.lower, domain.upper, count: count)
    }

    /// This scale with its domain widened to whole tick steps (d3's `scale.nice`).
    public func niced(count: Int) -> LinearScale {
        var copy = self
        let d = Ticks.nice(domain.lower, domain.upper, count: count)
        copy.domain = (d.lower, d.upper)
        return copy
    }

    public static func == (a: LinearScale, b: LinearScale) -> Bool {
        a.domain == b.domain && a.range == b.range
    }
}
