#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(ucrt)
    import ucrt
#endif

/// The few libm functions the module needs, behind one import switch so the other files stay
/// free of platform conditionals (and of Foundation, which charts do not otherwise need).
enum Math {
    static func log10(_ x: Double) -> Double { libmLog10(x) }

    /// 10^k built by repeated multiplication, then one division for negative k: exact for the
    /// powers tick steps use (10^k is representable up to 10^22; 1/10^k is correctly rounded).
    static func pow10(_ k: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(k) { result *= 10 }
        return k >= 0 ? result : 1 / result
    }

    /// The smallest and largest finite value in `values` that `include` accepts, nil when there
    /// is none. Every scale's domain starts from this extent (linear and time scales from all
    /// finite values, the log scale from the positive ones), so not-finite data never widens
    /// an axis.
    static func finiteExtent(_ values: [Double], including include: (Double) -> Bool = { _ in true }) -> (lower: Double, upper: Double)? {
        var lower = Double.infinity, upper = -Double.infinity
        for v in values where v.isFinite && include(v) {
            lower = min(lower, v)
            upper = max(upper, v)
        }
        return lower <= upper ? (lower, upper) : nil
    }
}

private func libmLog10(_ x: Double) -> Double { log10(x) }
