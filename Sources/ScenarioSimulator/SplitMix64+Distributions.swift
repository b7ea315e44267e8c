import Vocabulary

/// The simulator's skewed distributions, through `DeterministicMath` so that the simulated
/// snapshots are the same on every platform (the generator itself is `Vocabulary.SplitMix64`).
extension SplitMix64 {
    /// A log-normal value with the given median and shape (σ of the underlying normal).
    public mutating func logNormal(median: Double, sigma: Double) -> Double {
        median * DeterministicMath.exp(sigma * normal())
    }

    /// An exponential value with the given mean: the gap between Poisson arrivals.
    public mutating func exponential(mean: Double) -> Double {
        -mean * DeterministicMath.log(1 - unit())
    }
}
