#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(ucrt)
    import ucrt
#endif

/// Integer floor division and the few libm functions the formatter and the charts need, behind one import switch so the other files stay
/// free of platform conditionals (and of Foundation, which charts do not otherwise need).
public enum Math {
    public static func log10(_ x: Double) -> Double { libmLog10(x) }

    /// 10^k built by repeated multiplication, then one division for negative k: exact for the
    /// powers tick steps use (10^k is representable up to 10^22; 1/10^k is correctly rounded).
    public static func pow10(_ k: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(k) { result *= 10 }
        return k >= 0 ? result : 1 / result
    }

    /// Division rounding toward negative infinity (Swift's `/` truncates toward zero), so that a
    /// time before 1970 or before a grid's origin falls in the bucket, day or second it lies in.
    /// Inlinable, as `saturatingAdd`: the time series call it for every span, and a call across
    /// modules cost more than the division (issue 7).
    @inlinable
    public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// `a + b`, held at `Int64.max` or `Int64.min` instead of trapping: for sums of durations
    /// (self time per service, time covered), where a few spans of a century each already pass
    /// Int64's 292 years and a report must still be written.
    @inlinable
    public static func saturatingAdd(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }

    /// The smallest and largest finite value in `values` that `include` accepts, nil when there
    /// is none. Every scale's domain starts from this extent (linear and time scales from all
    /// finite values, the log scale from the positive ones), so not-finite data never widens
    /// an axis.
    public static func finiteExtent(_ values: [Double], including include: (Double) -> Bool = { _ in true }) -> (
        lower: Double, upper: Double
    )? {
        var lower = Double.infinity, upper = -Double.infinity
        for v in values where v.isFinite && include(v) {
            lower = min(lower, v)
            upper = max(upper, v)
        }
        return lower <= upper ? (lower, upper) : nil
    }
}

private func libmLog10(_ x: Double) -> Double { log10(x) }
