/// SplitMix64 (Steele, Lea, Flood 2014; the seeding generator of `java.util.SplittableRandom`):
/// a tiny, fast generator whose whole state is one `UInt64`, so that the same seed gives the
/// same stream on every platform and Swift version — unlike `SystemRandomNumberGenerator`,
/// which is deliberately unseedable, or the standard library's unspecified algorithms.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) built from the top 53 bits (exact, no rounding bias).
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform double in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * unit()
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// A uniform integer in `range`, without the modulo bias of `next() % n`.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next(upperBound: UInt64(range.upperBound - range.lowerBound + 1)))
    }

    /// An approximately standard normal value (Irwin–Hall: the sum of 12 uniforms minus 6).
    /// Bounded to ±6, which suits latencies, and needs no `log`/`cos` whose last bits differ
    /// between C libraries.
    public mutating func normal() -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += unit() }
        return sum - 6
    }

    /// A child generator for an independent stream (SplitMix64's own splitting rule: seed the
    /// child from the parent's next output), so that adding draws to one stream cannot shift
    /// the values of another.
    public mutating func split() -> SplitMix64 {
        SplitMix64(seed: next())
    }
}
