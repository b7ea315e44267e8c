/// `log` and `exp` from additions, multiplications and divisions only.
///
/// IEEE 754 makes those basic operations exactly reproducible, while the C library's
/// transcendental functions may differ in the last bit between glibc and Apple's libm. The
/// simulator promises byte-identical files for the same options, so every random latency goes
/// through these instead.
public enum DeterministicMath {
    private static let ln2 = 0.693_147_180_559_945_309_417_232_121_458
    private static let ln2High = 6.931_471_803_691_238_164_90e-01
    private static let ln2Low = 1.908_214_929_270_587_700_02e-10

    /// The natural logarithm of a positive finite `x` (−∞ for 0), to about 1 ulp.
    public static func log(_ x: Double) -> Double {
        precondition(x >= 0 && x.isFinite, "log of \(x)")
        if x == 0 { return -.infinity }
        // x = m · 2^e with m in [1, 2); then ln m = 2·atanh(s), s = (m − 1)/(m + 1) ≤ 1/3.
        var e = Int(x.exponent)
        var m = x.significand
        if m > 1.414_213_562_373_095 {  // centre m on 1 so that |s| ≤ 0.172
            m /= 2
            e += 1
        }
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var term = s
        var sum = 0.0
        var k = 1.0
        while k < 60 {
            sum += term / k
            term *= s2
            k += 2
        }
        return 2 * sum + Double(e) * ln2
    }

    /// e^x for finite `x`, to about 1 ulp (0 below −745, +∞ above 709).
    public static func exp(_ x: Double) -> Double {
        if x > 709.78 { return .infinity }
        if x < -745.2 { return 0 }
        // x = k·ln2 + r with |r| ≤ ln2/2; e^x = 2^k · e^r, e^r by its Taylor series. ln2 is
        // split in two (Cody–Waite, the constants of fdlibm's e_exp.c) so that k·ln2High is
        // exact and r keeps its precision for large |x|.
        let k = (x / ln2).rounded()
        let r = (x - k * ln2High) - k * ln2Low
        var term = 1.0
        var sum = 1.0
        var n = 1.0
        while n < 30 {
            term *= r / n
            sum += term
            n += 1
        }
        return sum * pow2(Int(k))
    }

    /// 2^k exactly, built from the bit pattern (including subnormal results).
    private static func pow2(_ k: Int) -> Double {
        if k > 1023 { return .infinity }
        if k >= -1022 { return Double(sign: .plus, exponent: k, significand: 1) }
        return Double(sign: .plus, exponent: -1022, significand: 1) * Double(sign: .plus, exponent: k + 1022, significand: 1)
    }
}
