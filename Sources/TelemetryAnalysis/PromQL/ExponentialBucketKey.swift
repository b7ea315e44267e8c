/// Bucket keys of an exponential histogram brought to one scale, so that rates of buckets of
/// points recorded at different scales add up (`HistogramRate<ExponentialBucketKey>`).
public enum ExponentialBucketKey: Hashable, Sendable {
    /// The zero bucket, [−zeroThreshold, zeroThreshold].
    case zero
    /// Bucket index i at the common scale: (base^i, base^(i+1)], or its mirror below zero.
    case positive(Int32), negative(Int32)
    /// The point's observation count, the rank's total (it counts NaN observations too).
    case count
}
