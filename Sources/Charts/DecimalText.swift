/// Locale-free decimal text for numbers, so that every label and every SVG attribute is
/// byte-identical across machines and runs (no `String(format:)`, no `NumberFormatter`, never
/// an exponent). Rounding is half away from zero on the scaled value.
enum DecimalText {
    /// Exactly `decimals` digits after the point (`fixed(0.3, 2)` → `0.30`); `-0` is written `0`.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "0" }
        let d = max(0, min(decimals, 9))
        var scale = 1.0
        for _ in 0..<d { scale *= 10 }
        var scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        var zeros = 0
        // Beyond 2^63 keep the leading digits and pad with zeros; labels never need that precision.
        while scaled >= 1e18 {
            scaled = (scaled / 10).rounded(.toNearestOrAwayFromZero)
            zeros += 1
        }
        var digits = String(UInt64(scaled)) + String(repeating: "0", count: zeros)
        let negative = value < 0 && scaled != 0
        if d > 0 {
            if digits.count <= d {
                digits = String(repeating: "0", count: d - digits.count + 1) + digits
            }
            let split = digits.index(digits.endIndex, offsetBy: -d)
            digits = digits[..<split] + "." + digits[split...]
        }
        return negative ? "-" + digits : digits
    }

    /// At most `maxDecimals` digits, trailing zeros (and a bare point) removed: `0.5`, `12`.
    static func trimmed(_ value: Double, maxDecimals: Int) -> String {
        var text = fixed(value, decimals: maxDecimals)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// About `digits` significant digits, trimmed (`0.25`, `12.3`, `120`); integral parts are never
    /// rounded away, so `123456` stays `123456`.
    static func significant(_ value: Double, digits: Int = 3) -> String {
        guard value.isFinite, value != 0 else { return "0" }
        let magnitude = Int(Math.log10(abs(value)).rounded(.down))
        let decimals = max(0, min(6, digits - 1 - magnitude))
        return trimmed(value, maxDecimals: decimals)
    }

    /// An SVG coordinate or length: at most two decimals, no exponent; non-finite becomes `0`.
    static func svg(_ value: Double) -> String {
        trimmed(value, maxDecimals: 2)
    }

    /// Decimals needed so that every multiple of `step` (a 1, 2 or 5 × 10^k tick step) is exact.
    static func decimals(forStep step: Double) -> Int {
        guard step.isFinite, step > 0 else { return 0 }
        return max(0, min(9, -Int((Math.log10(step) + 1e-9).rounded(.down))))
    }
}
