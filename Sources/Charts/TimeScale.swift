import Vocabulary

/// A linear map from unix seconds to pixels whose ticks come from the UTC calendar table.
public struct TimeScale: Sendable, Equatable {
    public var domain: (start: Double, end: Double)
    public var range: (start: Double, end: Double)

    public init(domain: (start: Double, end: Double), range: (start: Double, end: Double)) {
        self.domain = domain
        self.range = range
    }

    /// The domain that covers `times`; a single instant (or none) is widened to a minute on each
    /// side so that it sits in the middle of a readable axis.
    public static func domain(covering times: [Double]) -> (start: Double, end: Double) {
        guard let (start, end) = Math.finiteExtent(times) else { return (0, 60) }
        return start == end ? (start - 60, end + 60) : (start, end)
    }

    /// The pixel position of `time`.
    public func callAsFunction(_ time: Double) -> Double {
        let span = domain.end - domain.start
        guard span != 0 else { return (range.start + range.end) / 2 }
        return range.start + (time - domain.start) / span * (range.end - range.start)
    }

    /// Labelled ticks for the pixels this scale spans.
    public func ticks() -> [TimeTick] {
        TimeTicks.axis(start: domain.start, end: domain.end, pixels: abs(range.end - range.start))
    }

    public static func == (a: TimeScale, b: TimeScale) -> Bool {
        a.domain == b.domain && a.range == b.range
    }
}
