/// The one formatter of numbers for people and for markup: locale-free (no `String(format:)`,
/// no `NumberFormatter`, never an exponent in fixed text), so every page, finding, axis label and
/// SVG attribute is byte-identical across machines and runs. Rounding is half away from zero on
/// the scaled value.
///
/// This file holds the digits; the styles that pages, findings and charts print in (durations,
/// percentages, sizes, p-values, values in a ``ValueUnit``) are in `NumberFormat+Styles.swift`
/// and `NumberFormat+Units.swift`, each with why it exists.
///
/// Non-finite values have one spelling everywhere text is written for people or for
/// Prometheus: `NaN`, `+Inf`, `-Inf` (``nonFinite(_:)``, Prometheus's exposition format). The
/// one exception is ``svg(_:)``: a coordinate must be a number, so a non-finite one is drawn at 0.
public enum NumberFormat {
    /// `NaN`, `+Inf` or `-Inf`: how every formatter here writes a value that is not finite.
    public static func nonFinite(_ value: Double) -> String {
        value.isNaN ? "NaN" : (value > 0 ? "+Inf" : "-Inf")
    }

    /// The shortest text that reads back as the same double (Swift's `description`), with
    /// integral values written without a fraction and non-finite values spelled as Prometheus does.
    public static func shortest(_ value: Double) -> String {
        guard value.isFinite else { return nonFinite(value) }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return "\(value)"
    }

    /// Exactly `decimals` digits after the point (0 to 9): `fixed(0.3, decimals: 2)` → `0.30`;
    /// `-0` is written `0`. Values beyond 10^19 keep their leading digits and are padded with
    /// zeros rather than written with an exponent.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        decimal(value, decimals: decimals, trim: false)
    }

    /// At most `maxDecimals` digits, trailing zeros (and a bare point) removed: `0.5`, `12`.
    public static func trimmed(_ value: Double, maxDecimals: Int) -> String {
        decimal(value, decimals: maxDecimals, trim: true)
    }

    /// `fixed`, or `trimmed` when `trim`: the digits written once into a string of their size.
    /// Every chart coordinate goes through here, so it avoids the intermediate strings (and
    /// Foundation's `contains`, which searches through `range(of:)`) that a composition of
    /// string operations makes: they were a tenth of a small report's render time.
    static func decimal(_ value: Double, decimals: Int, trim: Bool) -> String {
        guard value.isFinite else { return nonFinite(value) }
        let d = max(0, min(decimals, 9))
        var scale = 1.0
        for _ in 0..<d { scale *= 10 }
        var scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        var zeros = 0
        if scaled.isInfinite {
            // Beyond about 1.8e299 the scaled value overflows (and halving an infinity by tens
            // never ends): the value is integral there, so its fraction is `d` zeros.
            scaled = abs(value)
            zeros = d
        }
        // Below 10^19 an integral double converts to UInt64 exactly; beyond, no label needs the digits.
        while scaled >= 1e19 {
            scaled = (scaled / 10).rounded(.toNearestOrAwayFromZero)
            zeros += 1
        }
        let negative = value < 0 && scaled != 0
        let n = UInt64(scaled)
        var count = 1, power: UInt64 = 10
        while count < 20 && power <= n {
            count += 1
            power = power &* 10
        }
        // The digits, then `zeros` zeros; with decimals, padded with leading zeros to at least
        // one integer digit. Written into a buffer of that length, all its values constants by
        // now: the closures of the earlier version captured variables, and each call boxed two
        // of them on the heap (1,270 instructions a number; every chart coordinate, duration
        // and percentage is one).
        let length = max(count + zeros, d > 0 ? d + 1 : 0), trailing = zeros
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { padded in
            var k = length - 1
            for _ in 0..<trailing {
                padded[k] = UInt8(ascii: "0")
                k -= 1
            }
            var m = n
            repeat {
                padded[k] = UInt8(ascii: "0") + UInt8(m % 10)
                m /= 10
                k -= 1
            } while m > 0
            while k >= 0 {
                padded[k] = UInt8(ascii: "0")
                k -= 1
            }
            var kept = length
            if trim && d > 0 {
                // Trailing zeros of the fraction go, then the point if nothing follows it.
                while kept > length - d && padded[kept - 1] == UInt8(ascii: "0") { kept -= 1 }
            }
            let point = d > 0 && kept > length - d
            let integerDigits = d > 0 ? length - d : length
            let digits = kept
            // Never `-0`: a negative value has a digit other than zero, and trimming keeps it.
            let size = (negative ? 1 : 0) + integerDigits + (point ? 1 + digits - integerDigits : 0)
            return String(unsafeUninitializedCapacity: size) { out in
                var i = 0
                if negative {
                    out[0] = UInt8(ascii: "-")
                    i = 1
                }
                for k in 0..<integerDigits {
                    out[i] = padded[k]
                    i += 1
                }
                if point {
                    out[i] = UInt8(ascii: ".")
                    i += 1
                    for k in integerDigits..<digits {
                        out[i] = padded[k]
                        i += 1
                    }
                }
                return i
            }
        }
    }

    /// About `digits` significant digits, trimmed (`0.25`, `12.3`, `120`); integral parts are never
    /// rounded away, so `123456` stays `123456`.
    public static func significant(_ value: Double, digits: Int = 3) -> String {
        guard value.isFinite else { return nonFinite(value) }
        guard value != 0 else { return "0" }
        let magnitude = Int(Math.log10(abs(value)).rounded(.down))
        let decimals = max(0, min(6, digits - 1 - magnitude))
        return trimmed(value, maxDecimals: decimals)
    }

    /// An SVG coordinate or length: at most two decimals, no exponent. Not text for people: a
    /// non-finite coordinate is drawn at `0` so the element stays valid SVG.
    public static func svg(_ value: Double) -> String {
        value.isFinite ? trimmed(value, maxDecimals: 2) : "0"
    }

    /// Decimals needed so that every multiple of `step` (a 1, 2 or 5 × 10^k tick step) is exact.
    public static func decimals(forStep step: Double) -> Int {
        guard step.isFinite, step > 0 else { return 0 }
        return max(0, min(9, -Int((Math.log10(step) + 1e-9).rounded(.down))))
    }

    /// Commas between thousands in the integer part of a plain decimal (`-1234.5` → `-1,234.5`),
    /// as the report's tables and findings print counts and milliseconds.
    public static func grouped(_ digits: String) -> String {
        // Three bytes or fewer before the point (after a sign) take no comma: the text as it is,
        // without walking its characters (most durations in milliseconds; a waterfall writes
        // thousands).
        var integerBytes = 0
        for (i, b) in digits.utf8.enumerated() {
            if b == UInt8(ascii: ".") { break }
            if !(i == 0 && b == UInt8(ascii: "-")) { integerBytes += 1 }
            if integerBytes > 3 { break }
        }
        if integerBytes <= 3 { return digits }
        let negative = digits.hasPrefix("-")
        let body = negative ? digits.dropFirst() : Substring(digits)
        let integer = body.prefix { $0 != "." }
        var out = ""
        for (i, c) in integer.enumerated() {
            if i > 0 && (integer.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (negative ? "-" : "") + out + body.dropFirst(integer.count)
    }

    /// A count with grouping commas: `12,345`.
    public static func count(_ n: Int) -> String { grouped(String(n)) }
}
