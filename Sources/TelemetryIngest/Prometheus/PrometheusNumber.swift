/// Number and timestamp text as Prometheus formats write them, converted exactly.
///
/// Sample values are floats: decimal or exponent forms and the case-insensitive words `NaN`,
/// `Inf`, `Infinity` with an optional sign (OpenMetrics 1.0 ABNF `number`; Go's `ParseFloat`,
/// which Prometheus's text parser uses, accepts the same). Timestamps are converted to
/// nanoseconds from their *decimal text*, never through `Double`, because a float64 holds only
/// about 16 significant digits and `1435781451.781` seconds must become exactly
/// `1435781451781000000` ns. Digits finer than a nanosecond are truncated toward zero.
enum PrometheusNumber {
    /// The value of a sample, or nil when the text is not a Prometheus number.
    static func double<S: StringProtocol>(_ text: S) -> Double? {
        guard !text.isEmpty else { return nil }
        var body = Substring(text)
        var negative = false
        if let first = body.first, first == "+" || first == "-" {
            negative = first == "-"
            body = body.dropFirst()
        }
        switch body.lowercased() {
        case "inf", "infinity": return negative ? -.infinity : .infinity
        case "nan": return text.first == "+" || text.first == "-" ? nil : .nan
        default: break
        }
        guard decimalParts(body) != nil else { return nil }
        return Double(String(text))
    }

    /// Nanoseconds from a decimal number of seconds (`1435781451.781`, `1.5e3`, `000`);
    /// nil when not a decimal number or outside Int64 nanoseconds (years 1678–2262).
    static func nanoseconds<S: StringProtocol>(fromSeconds text: S) -> Int64? {
        scaled(text, by: 9)
    }

    /// Nanoseconds from an integer number of milliseconds (text format 0.0.4 timestamps).
    static func nanoseconds<S: StringProtocol>(fromMilliseconds text: S) -> Int64? {
        var body = Substring(text)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return scaled(text, by: 6)
    }

    /// The digits of a decimal number without sign, and the power of ten they are scaled by
    /// (`12.5e3` → ("125", 2)); nil when the text is not `digits[.digits][e[sign]digits]` or
    /// `.digits…` (OpenMetrics `realnumber`).
    static func decimalParts(_ text: Substring) -> (digits: [UInt8], exponent: Int)? {
        var digits: [UInt8] = []
        var exponent = 0
        var sawDigit = false
        var i = text.utf8.startIndex
        let utf8 = text.utf8
        while i < utf8.endIndex, let d = digit(utf8[i]) {
            digits.append(d)
            sawDigit = true
            i = utf8.index(after: i)
        }
        if i < utf8.endIndex && utf8[i] == UInt8(ascii: ".") {
            i = utf8.index(after: i)
            while i < utf8.endIndex, let d = digit(utf8[i]) {
                digits.append(d)
                exponent -= 1
                sawDigit = true
                i = utf8.index(after: i)
            }
        }
        guard sawDigit else { return nil }
        if i < utf8.endIndex && (utf8[i] == UInt8(ascii: "e") || utf8[i] == UInt8(ascii: "E")) {
            i = utf8.index(after: i)
            var negative = false
            if i < utf8.endIndex && (utf8[i] == UInt8(ascii: "+") || utf8[i] == UInt8(ascii: "-")) {
                negative = utf8[i] == UInt8(ascii: "-")
                i = utf8.index(after: i)
            }
            var e = 0
            var sawExponentDigit = false
            while i < utf8.endIndex, let d = digit(utf8[i]) {
                e = min(e * 10 + Int(d), 100_000)
                sawExponentDigit = true
                i = utf8.index(after: i)
            }
            guard sawExponentDigit else { return nil }
            exponent += negative ? -e : e
        }
        guard i == utf8.endIndex else { return nil }
        return (digits, exponent)
    }

    /// The decimal `text` × 10^`power` as an exact Int64, truncated toward zero.
    static func scaled<S: StringProtocol>(_ text: S, by power: Int) -> Int64? {
        var body = Substring(text)
        var negative = false
        if body.first == "+" || body.first == "-" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        guard let (digits, exponent) = decimalParts(body) else { return nil }
        let shift = exponent + power
        let kept = shift >= 0 ? digits.count : digits.count + shift
        var magnitude: UInt64 = 0
        for d in digits.prefix(max(kept, 0)) {
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(d))
            if o1 || o2 { return nil }
            magnitude = s
        }
        if shift > 0 && magnitude != 0 {
            for _ in 0..<shift {
                let (m, o) = magnitude.multipliedReportingOverflow(by: 10)
                if o { return nil }
                magnitude = m
            }
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    @inline(__always)
    private static func digit(_ b: UInt8) -> UInt8? {
        b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") ? b - UInt8(ascii: "0") : nil
    }

    /// A count for a histogram or summary point: NaN and negatives as 0, and values past
    /// UInt64 (1.8e19, or +Inf) as UInt64.max with `clamped` set, so the caller can warn.
    /// Converting such a Double directly traps (found by Scripts/fuzz.sh prometheus-text:
    /// `_count 2226839813016714e+09`).
    static func saturatingCount(_ value: Double) -> (count: UInt64, clamped: Bool) {
        guard value.isFinite || value == .infinity, value > 0 else { return (0, false) }
        let rounded = value.rounded()
        if rounded >= 1.8446744073709552e19 { return (UInt64.max, true) }
        return (UInt64(rounded), false)
    }

    /// A non-negative integral count as UInt64 (`7476.0` → 7476); nil for NaN, negatives,
    /// fractions or values beyond UInt64.
    static func count(_ value: Double) -> UInt64? {
        guard value.isFinite, value >= 0, value == value.rounded(), value < 1.8446744073709552e19 else { return nil }
        return UInt64(value)
    }
}
