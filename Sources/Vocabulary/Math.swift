#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#elseif canImport(ucrt)
    import ucrt
#endif

/// The few libm functions the formatter and the charts need, behind one import switch so the other files stay
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
}

private func libmLog10(_ x: Double) -> Double { log10(x) }
