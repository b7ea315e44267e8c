import Vocabulary

/// A base-10 logarithmic map, for long-tailed latency where p50 and p99.9 differ by orders of
/// magnitude. Only positive values have a position; ticks fall on 1, 2 and 5 × 10^k.
public struct LogScale: Sendable, Equatable {
    public var domain: (lower: Double, upper: Double)
    public var range: (start: Double, end: Double)

    public init(domain: (lower: Double, upper: Double), range: (start: Double, end: Double)) {
        self.domain = domain
        self.range = range
    }

    /// The domain from the smallest to the largest positive finite value, widened to whole powers
    /// of ten (at least one decade); 1…10 when there is none.
    public static func domain(covering values: [Double]) -> (lower: Double, upper: Double) {
        guard let (lower, upper) = Math.finiteExtent(values, including: { $0 > 0 }) else { return (1, 10) }
        let lowPower = Int(Math.log10(lower).rounded(.down))
        var highPower = Int(Math.log10(upper).rounded(.up))
        // log10 may land a hair below an exact power; make sure the top really covers `upper`.
        if Math.pow10(highPower) < upper { highPower += 1 }
        if highPower <= lowPower { highPower = lowPower + 1 }
        return (Math.pow10(lowPower), Math.pow10(highPower))
    }

    /// The pixel position of `value`, or nil when it has none (zero, negative, not finite).
    public func callAsFunction(_ value: Double) -> Double? {
        guard value.isFinite, value > 0, domain.lower > 0, domain.upper > 0 else { return nil }
        let l0 = Math.log10(domain.lower), l1 = Math.log10(domain.upper)
        guard l1 != l0 else { return (range.start + range.end) / 2 }
        return range.start + (Math.log10(value) - l0) / (l1 - l0) * (range.end - range.start)
    }

    /// Ticks at 1, 2, 5 × 10^k when the decades are few enough for `count`; at 10^k only when
    /// they are not; every n-th power of ten when even that is too many.
    public func ticks(count: Int) -> [Double] {
        guard domain.lower > 0, domain.upper >= domain.lower, domain.upper.isFinite else { return [] }
        let lowPower = Int(Math.log10(domain.lower).rounded(.down))
        let highPower = Int(Math.log10(domain.upper).rounded(.up))
        let decades = max(1, highPower - lowPower)
        let mantissas: [Double]
        var every = 1
        if decades * 3 <= max(count, 1) {
            mantissas = [1, 2, 5]
        } else {
            mantissas = [1]
            while decades / every > max(count, 1) { every += 1 }
        }
        var result: [Double] = []
        for power in lowPower...highPower where (power - lowPower) % every == 0 {
            for m in mantissas {
                // m × 10^k with an exact power: 2e-3 reads as 0.002, not 0.0020000000000000005.
                let value = power < 0 ? m / Math.pow10(-power) : m * Math.pow10(power)
                if value >= domain.lower * (1 - 1e-12) && value <= domain.upper * (1 + 1e-12) {
                    result.append(value)
                }
            }
        }
        return result
    }

    public static func == (a: LogScale, b: LogScale) -> Bool {
        a.domain == b.domain && a.range == b.range
    }
}
