import Foundation

/// Direction and strength of a trend in one series, by two rank-based methods that a few
/// outliers cannot fool: the Theil–Sen slope (the median of the slopes between every pair of
/// points; Sen 1968) says how fast the series moves, and the Mann–Kendall test (Kendall's S
/// over time order, with the tie-corrected variance and the normal approximation with
/// continuity correction; Kendall 1975, Hipel & McLeod 1994) says whether it moves at all.
/// A series is called rising or falling only when both agree and the test is significant —
/// the range of a series (min, max) never decides its direction.
public struct TrendTest: Sendable, Equatable {
    public enum Direction: String, Sendable {
        case rising, falling, flat
    }

    /// Median of (v_j − v_i) / (t_j − t_i) over the pairs i < j with t_i ≠ t_j, in value units per time unit.
    public var slope: Double
    /// Kendall's S: Σ_{i<j} sign(v_j − v_i), pairs taken in time order.
    public var s: Int
    /// Var(S) = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18, t the sizes of groups of tied values.
    public var variance: Double
    /// (S − 1)/√Var(S) when S > 0, (S + 1)/√Var(S) when S < 0, else 0.
    public var z: Double
    /// Two-sided p-value of z under the standard normal: erfc(|z| / √2).
    public var p: Double
    public var count: Int

    /// The significance level below which a trend is called a trend.
    public static let alpha = 0.05
    /// Fewer points than this say nothing about a trend (the normal approximation needs about ten).
    public static let minimumCount = 8

    /// Rising or falling when p < `alpha` and the Theil–Sen slope has the sign of S; else flat.
    public var direction: Direction {
        guard count >= Self.minimumCount, p < Self.alpha else { return .flat }
        if s > 0 && slope > 0 { return .rising }
        if s < 0 && slope < 0 { return .falling }
        return .flat
    }

    /// The test of `values` observed at `times` (any unit; sorted by time first, stable).
    /// Nil for fewer than two points or when every time is the same.
    public init?(times: [Double], values: [Double]) {
        precondition(times.count == values.count)
        guard values.count >= 2 else { return nil }
        let order = times.indices.sorted { times[$0] != times[$1] ? times[$0] < times[$1] : $0 < $1 }
        let t = order.map { times[$0] }, v = order.map { values[$0] }
        guard let slope = Self.theilSenSlope(times: t, values: v) else { return nil }
        self.slope = slope
        let n = v.count
        var s = 0
        for i in 0..<n {
            for j in (i + 1)..<n where v[j] != v[i] { s += v[j] > v[i] ? 1 : -1 }
        }
        self.s = s
        self.variance = Self.variance(v)
        self.count = n
        let sd = variance.squareRoot()
        if s > 0 && sd > 0 { z = Double(s - 1) / sd } else if s < 0 && sd > 0 { z = Double(s + 1) / sd } else { z = 0 }
        p = erfc(abs(z) / 2.0.squareRoot())
    }

    /// The Theil–Sen slope: the median of the pairwise slopes (the mean of the middle two for an
    /// even count). Nil when no two points have different times.
    public static func theilSenSlope(times: [Double], values: [Double]) -> Double? {
        var slopes: [Double] = []
        slopes.reserveCapacity(times.count * (times.count - 1) / 2)
        for i in times.indices {
            for j in (i + 1)..<times.count where times[j] != times[i] {
                slopes.append((values[j] - values[i]) / (times[j] - times[i]))
            }
        }
        guard !slopes.isEmpty else { return nil }
        slopes.sort()
        let m = slopes.count / 2
        return slopes.count % 2 == 1 ? slopes[m] : (slopes[m - 1] + slopes[m]) / 2
    }

    /// Var(S) under no trend, corrected for tied values.
    static func variance(_ values: [Double]) -> Double {
        let n = Double(values.count)
        var ties: [Double: Int] = [:]
        for v in values { ties[v, default: 0] += 1 }
        var correction = 0.0
        for t in ties.values where t > 1 {
            let d = Double(t)
            correction += d * (d - 1) * (2 * d + 5)
        }
        return (n * (n - 1) * (2 * n + 5) - correction) / 18
    }
}
