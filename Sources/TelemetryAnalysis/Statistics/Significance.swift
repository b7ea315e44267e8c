import Foundation

/// The significance tests behind findings, each the textbook form (normal approximations where
/// the counts are large, exact tails where they are small), in one place so each is tested once.
public enum Significance {
    /// Two-sided p of a standard normal z: erfc(|z| / √2).
    public static func twoSided(z: Double) -> Double { erfc(abs(z) / 2.0.squareRoot()) }

    /// One-sided p of a standard normal z (the upper tail): erfc(z / √2) / 2.
    public static func upperTail(z: Double) -> Double { erfc(z / 2.0.squareRoot()) / 2 }

    public static func log10(_ x: Double) -> Double { Foundation.log10(x) }

    /// ln C(n, k), by the log-gamma function.
    public static func logChoose(_ n: Int, _ k: Int) -> Double {
        precondition(k >= 0 && k <= n)
        return lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
    }

    /// P(X ≥ k) for X ~ Binomial(n, p): the exact upper tail, summed in log space from k up
    /// until the terms no longer change the sum.
    public static func binomialUpperTail(_ k: Int, _ n: Int, _ p: Double) -> Double {
        guard k > 0 else { return 1 }
        guard k <= n else { return 0 }
        let lp = Foundation.log(p), lq = Foundation.log1p(-p)
        var sum = 0.0
        for x in k...n {
            let term = exp(logChoose(n, x) + Double(x) * lp + Double(n - x) * lq)
            sum += term
            if x > k && term <= sum * 1e-17 { break }
        }
        return min(1, sum)
    }

    /// Fisher's exact test, one-sided: the probability, with the margins fixed, of at least `c`
    /// "yes" in the second row of the table [a, b; c, d] (rows: first, second group; columns: yes,
    /// no) — small when the second group says yes more often than chance allows.
    public static func fisherGreater(a: Int, b: Int, c: Int, d: Int) -> Double {
        let n = a + b + c + d, yes = a + c, second = c + d
        let top = min(yes, second)
        guard c <= top else { return 0 }
        let denominator = logChoose(n, second)
        var sum = 0.0
        for x in c...top where second - x <= n - yes {
            sum += exp(logChoose(yes, x) + logChoose(n - yes, second - x) - denominator)
        }
        return min(1, sum)
    }

    /// The z of a Mann–Whitney U statistic under no difference, without the tie correction (ties
    /// make it conservative): (U − n₁n₂/2) / √(n₁n₂(n₁ + n₂ + 1)/12).
    public static func mannWhitneyZ(u: Double, _ n1: Int, _ n2: Int) -> Double {
        let a = Double(n1), b = Double(n2)
        let sd = (a * b * (a + b + 1) / 12).squareRoot()
        return sd > 0 ? (u - a * b / 2) / sd : 0
    }

    /// The pooled two-proportion z: (p₁ − p₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)), p̂ = (x₁ + x₂)/(n₁ + n₂).
    public static func twoProportionZ(_ x1: Int, _ n1: Int, _ x2: Int, _ n2: Int) -> Double {
        guard n1 > 0, n2 > 0 else { return 0 }
        let p1 = Double(x1) / Double(n1), p2 = Double(x2) / Double(n2)
        let pooled = Double(x1 + x2) / Double(n1 + n2)
        let se = (pooled * (1 - pooled) * (1 / Double(n1) + 1 / Double(n2))).squareRoot()
        return se > 0 ? (p1 - p2) / se : 0
    }
}
