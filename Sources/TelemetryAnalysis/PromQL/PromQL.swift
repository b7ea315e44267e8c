/// Prometheus query semantics over in-memory samples, so that dashboard numbers equal what a
/// Prometheus 2.x server returns for the same samples (DESIGN §4). Times are milliseconds, as
/// Prometheus stores them; OTLP nanoseconds are truncated to milliseconds on the way in, as
/// the OTLP → Prometheus translation does.
public enum PromQL {
    public struct Sample: Hashable, Sendable {
        public var timeMillis: Int64
        public var value: Double
        public init(timeMillis: Int64, value: Double) {
            self.timeMillis = timeMillis
            self.value = value
        }
    }

    /// Prometheus 2.x range selection: samples with evalTime − range ≤ t ≤ evalTime
    /// (both ends closed; Prometheus 3 made the left end open).
    public static func window(_ samples: [Sample], evalMillis: Int64, rangeMillis: Int64) -> ArraySlice<Sample> {
        let lo = lowerBound(samples, evalMillis - rangeMillis)
        let hi = lowerBound(samples, evalMillis + 1)
        return samples[lo..<hi]
    }

    /// `rate()` / `increase()` as Prometheus's `extrapolatedRate` (promql/functions.go, v2.42):
    /// the increase over the samples in the window, corrected for counter resets, extrapolated
    /// towards the window edges (not past a half sample interval beyond the first/last sample
    /// unless the gap is under 1.1 × the average interval, and never below zero for counters).
    /// nil when the window holds fewer than two samples.
    public static func extrapolatedRate(
        _ samples: ArraySlice<Sample>, evalMillis: Int64, rangeMillis: Int64,
        isCounter: Bool = true, isRate: Bool = true
    ) -> Double? {
        guard samples.count >= 2, let first = samples.first, let last = samples.last else { return nil }
        let rangeStart = evalMillis - rangeMillis
        let rangeEnd = evalMillis
        var result = last.value - first.value
        if isCounter {
            var lastValue = 0.0
            for s in samples {
                if s.value < lastValue { result += lastValue }
                lastValue = s.value
            }
        }
        var durationToStart = Double(first.timeMillis - rangeStart) / 1000
        let durationToEnd = Double(rangeEnd - last.timeMillis) / 1000
        let sampledInterval = Double(last.timeMillis - first.timeMillis) / 1000
        let averageDurationBetweenSamples = sampledInterval / Double(samples.count - 1)
        if isCounter && result > 0 && first.value >= 0 {
            let durationToZero = sampledInterval * (first.value / result)
            if durationToZero < durationToStart { durationToStart = durationToZero }
        }
        let extrapolationThreshold = averageDurationBetweenSamples * 1.1
        var extrapolateToInterval = sampledInterval
        extrapolateToInterval += durationToStart < extrapolationThreshold ? durationToStart : averageDurationBetweenSamples / 2
        extrapolateToInterval += durationToEnd < extrapolationThreshold ? durationToEnd : averageDurationBetweenSamples / 2
        result = result * (extrapolateToInterval / sampledInterval)
        if isRate { result /= Double(rangeMillis) / 1000 }
        return result
    }

    /// An instant-vector value: the newest sample at or before the evaluation time and no older
    /// than the lookback (Prometheus's default 5 minutes); nil otherwise.
    public static func instantValue(_ samples: [Sample], evalMillis: Int64, lookbackMillis: Int64 = 300_000) -> Double? {
        let hi = lowerBound(samples, evalMillis + 1)
        guard hi > 0 else { return nil }
        let s = samples[hi - 1]
        return s.timeMillis >= evalMillis - lookbackMillis ? s.value : nil
    }

    /// The first index whose time is ≥ `t` (samples sorted by time).
    static func lowerBound(_ samples: [Sample], _ t: Int64) -> Int {
        var lo = 0, hi = samples.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if samples[mid].timeMillis < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
