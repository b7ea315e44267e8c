import Testing
import Vocabulary

/// Every style on the same values, so a style's reason to exist is visible in its output:
/// 4.2 s is `4,200 ms` in a table and a finding, `4.20 s` in a heading and `4.2 s` on a chart.
@Suite struct NumberFormatTests {
    @Test func fourPointTwoSecondsInEachStyle() {
        let nanos: Int64 = 4_200_000_000
        #expect(NumberFormat.duration(nanos: nanos, .table) == "4,200 ms")
        #expect(NumberFormat.duration(nanos: nanos, .prose) == "4,200 ms")
        #expect(NumberFormat.duration(nanos: nanos, .heading) == "4.20 s")
        #expect(NumberFormat.duration(milliseconds: 4200) == "4.2 s")
        #expect(ValueUnit.seconds.format(4.2) == "4.2 s")
    }

    @Test func tableAndProseDifferOnlyBelowOneMillisecond() {
        #expect(NumberFormat.duration(nanos: 42_000, .table) == "0.042 ms")
        #expect(NumberFormat.duration(nanos: 42_000, .prose) == "0.04 ms")
        #expect(NumberFormat.duration(nanos: 4_200_000, .table) == "4.20 ms")
        #expect(NumberFormat.duration(nanos: 4_200_000, .prose) == "4.20 ms")
        #expect(NumberFormat.duration(nanos: 42_049_999, .table) == "42.0 ms")
        #expect(NumberFormat.duration(nanos: 420_500_000, .prose) == "421 ms")
        #expect(NumberFormat.duration(nanos: 1_234_567_000_000, .table) == "1,234,567 ms")
        #expect(NumberFormat.duration(meanNanos: 4_199_999.5, .table) == "4.20 ms")
        #expect(NumberFormat.duration(meanNanos: 999_994.9, .prose) == "1.00 ms")
    }

    @Test func headingsSwitchToSecondsMinutesAndHours() {
        #expect(NumberFormat.duration(nanos: 850_000_000, .heading) == "850 ms")
        #expect(NumberFormat.duration(nanos: 2_345_000_000, .heading) == "2.35 s")
        #expect(NumberFormat.duration(nanos: 200_000_000_000, .heading) == "3 min 20 s")
        #expect(NumberFormat.duration(nanos: 7_500_000_000_000, .heading) == "2 h 5 min")
        #expect(NumberFormat.duration(minutes: 1.5) == "90 s")
        #expect(NumberFormat.duration(minutes: 7.5) == "7.5 min")
        #expect(NumberFormat.duration(minutes: 42) == "42 min")
        #expect(NumberFormat.duration(minutes: 210) == "3.5 h")
    }

    @Test func chartDurationsPickTheirUnit() {
        #expect(NumberFormat.duration(milliseconds: 0) == "0 ms")
        #expect(NumberFormat.duration(milliseconds: 0.005) == "5 µs")
        #expect(NumberFormat.duration(milliseconds: 0.25) == "0.25 ms")
        #expect(NumberFormat.duration(milliseconds: 12.345) == "12.3 ms")
        #expect(NumberFormat.duration(milliseconds: 120_000) == "2 min")
        #expect(NumberFormat.duration(milliseconds: 5_400_000) == "1.5 h")
        #expect(NumberFormat.duration(milliseconds: -250) == "-250 ms")
    }

    @Test func percentagesWholeInProseTenthsInTables() {
        #expect(NumberFormat.percent(0.425, .whole) == "43%")
        #expect(NumberFormat.percent(0.425, .tenths) == "42.5%")
        #expect(NumberFormat.percent(1, of: 3, .tenths) == "33.3%")
        #expect(NumberFormat.percent(2, of: 3, .whole) == "67%")
        #expect(NumberFormat.percent(0, of: 0, .tenths) == "–")
        #expect(NumberFormat.percent(0, of: max(0, 1), .tenths) == "0.0%")
        #expect(ValueUnit.percent.format(12.5) == "12.5%")
        #expect(ValueUnit.ratio.format(0.125) == "12.5%")
    }

    @Test func unitsByMagnitude() {
        #expect(ValueUnit.bytes.format(0) == "0 B")
        #expect(ValueUnit.bytes.format(1023) == "1023 B")
        #expect(ValueUnit.bytes.format(1536) == "1.5 KiB")
        #expect(ValueUnit.bytes.format(120 * 1024 * 1024) == "120 MiB")
        #expect(ValueUnit.bytes.format(1024 * 1024 * 1024) == "1 GiB")
        #expect(ValueUnit.bytes.format(12.34 * 1024 * 1024) == "12.3 MiB")
        #expect(ValueUnit.count.format(950) == "950")
        #expect(ValueUnit.count.format(1200) == "1.2k")
        #expect(ValueUnit.count.format(3_400_000) == "3.4M")
        #expect(ValueUnit.count.format(-0.0) == "0")
        #expect(ValueUnit.perSecond.format(1234) == "1.23k/s")
        #expect(ValueUnit.plain("req").format(12) == "12 req")
    }

    @Test func sizesAndPValuesOfFindings() {
        #expect(NumberFormat.mebibytes(1_294_467_072) == "1,234.5 MiB")
        #expect(NumberFormat.signedMebibytes(-2_621_440) == "−2.50 MiB")
        #expect(NumberFormat.signedMebibytes(131_072) == "+0.125 MiB")
        #expect(NumberFormat.signedMebibytes(13_107_200) == "+12.5 MiB")
        #expect(NumberFormat.pValue(0.0004) == "p < 0.001")
        #expect(NumberFormat.pValue(0.0123) == "p = 0.012")
    }

    @Test func fixedRoundsHalfAwayFromZeroWithoutExponents() {
        #expect(NumberFormat.fixed(1.005, decimals: 1) == "1.0")
        #expect(NumberFormat.fixed(2.25, decimals: 1) == "2.3")
        #expect(NumberFormat.fixed(-2.5, decimals: 0) == "-3")
        #expect(NumberFormat.fixed(-0.04, decimals: 1) == "0.0")
        #expect(NumberFormat.fixed(0.1 + 0.2, decimals: 2) == "0.30")
        #expect(NumberFormat.fixed(1e20, decimals: 0) == "100000000000000000000")
        #expect(NumberFormat.fixed(Double(9_007_199_254_740_993 as Int64), decimals: 0) == "9007199254740992")
        #expect(NumberFormat.shortest(12) == "12")
        #expect(NumberFormat.shortest(0.1) == "0.1")
        #expect(NumberFormat.trimmed(2.50, maxDecimals: 3) == "2.5")
        #expect(NumberFormat.significant(123_456) == "123456")
        #expect(NumberFormat.significant(0.0123456) == "0.0123")
        #expect(NumberFormat.decimals(forStep: 0.05) == 2)
        #expect(NumberFormat.grouped("-1234567.5") == "-1,234,567.5")
        #expect(NumberFormat.count(999) == "999")
        #expect(NumberFormat.count(1000) == "1,000")
    }

    /// Grouping, which returns texts of three integer bytes or fewer as they are and walks the
    /// characters of the others, agrees with groups cut from the right on signed and unsigned
    /// numbers of every length, with and without decimals, and on texts that are no numbers.
    @Test func groupingAgreesWithTheCharacterWalk() {
        /// Groups of three characters cut from the right of the part before the first point.
        func reference(_ digits: String) -> String {
            let negative = digits.first == "-"
            let parts = (negative ? String(digits.dropFirst()) : digits).split(
                separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            let integer = Array(parts[0])
            var groups: [String] = []
            var end = integer.count
            while end > 0 {
                groups.insert(String(integer[max(0, end - 3)..<end]), at: 0)
                end = max(0, end - 3)
            }
            return (negative ? "-" : "") + groups.joined(separator: ",") + (parts.count > 1 ? "." + parts[1] : "")
        }
        var random = SplitMix64(seed: 47)
        var texts = ["", "-", ".", "-.5", "--12", "1-2", "é", "-é1", "12é45", "1.2.3", "123", "-123", "1234", "-1234.", "999.999"]
        for _ in 0..<2000 {
            let integer = String(random.next() % 10_000_000_000)
            let decimals = random.next() % 3 == 0 ? "" : "." + String(random.next() % 1000)
            texts.append((random.next() % 2 == 0 ? "-" : "") + String(integer.prefix(Int(1 + random.next() % 10))) + decimals)
        }
        for text in texts { #expect(NumberFormat.grouped(text) == reference(text), "\(text)") }
    }

    /// One spelling of values that are not finite, Prometheus's, in every style; an SVG
    /// coordinate is the one exception (it must stay a number).
    @Test func nonFiniteValuesHaveOneSpelling() {
        #expect(NumberFormat.fixed(.nan, decimals: 2) == "NaN")
        #expect(NumberFormat.fixed(.infinity, decimals: 0) == "+Inf")
        #expect(NumberFormat.shortest(-.infinity) == "-Inf")
        #expect(NumberFormat.significant(.nan) == "NaN")
        #expect(NumberFormat.trimmed(.infinity, maxDecimals: 2) == "+Inf")
        #expect(ValueUnit.milliseconds.format(-.infinity) == "-Inf")
        #expect(ValueUnit.percent.format(.nan) == "NaN")
        #expect(NumberFormat.svg(.nan) == "0")
        #expect(NumberFormat.svg(1e-7) == "0")
        #expect(NumberFormat.svg(12.345678) == "12.35")
        #expect(NumberFormat.svg(40) == "40")
    }

    @Test func axisLabelsShareDecimalsAndUnit() {
        let display = ValueUnit.milliseconds.displayUnit(forMagnitude: 1500)
        #expect(NumberFormat.axisLabels([0, 500, 1000, 1500], display: display, step: 0.5) == ["0.0 s", "0.5 s", "1.0 s", "1.5 s"])
    }
}

/// `fixed` and `trimmed` write their digits in one pass; the string-composition method they
/// replaced is kept here as the reference and compared on values of every magnitude, sign,
/// rounding tie and decimal count.
@Suite struct NumberFormatReferenceTests {
    static func referenceFixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return NumberFormat.nonFinite(value) }
        let d = max(0, min(decimals, 9))
        var scale = 1.0
        for _ in 0..<d { scale *= 10 }
        var scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        var zeros = 0
        while scaled >= 1e19 {
            scaled = (scaled / 10).rounded(.toNearestOrAwayFromZero)
            zeros += 1
        }
        var digits = String(UInt64(scaled)) + String(repeating: "0", count: zeros)
        let negative = value < 0 && scaled != 0
        if d > 0 {
            if digits.count <= d { digits = String(repeating: "0", count: d - digits.count + 1) + digits }
            let split = digits.index(digits.endIndex, offsetBy: -d)
            digits = digits[..<split] + "." + digits[split...]
        }
        return negative ? "-" + digits : digits
    }

    static func referenceTrimmed(_ value: Double, maxDecimals: Int) -> String {
        var text = referenceFixed(value, decimals: maxDecimals)
        guard value.isFinite, text.utf8.contains(UInt8(ascii: ".")) else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    @Test func matchesTheCompositionOnValuesOfEveryKind() {
        var values: [Double] = [0, -0.0, .nan, .infinity, -.infinity, 1e19, 1e20, -1e300, .greatestFiniteMagnitude, .leastNonzeroMagnitude]
        values += [0.5, 1.5, 2.5, -0.5, -2.5, 0.05, 0.005, 1.005, 0.125, 999.9995, 0.1 + 0.2, Double(9_007_199_254_740_993 as Int64)]
        var rng = SplitMix64(seed: 11)
        for _ in 0..<2_000 {
            let mantissa = Double(rng.next() % 2_000_001) - 1_000_000
            let exponent = Int(rng.next() % 30) - 15
            var v = mantissa
            for _ in 0..<abs(exponent) { v = exponent < 0 ? v / 10 : v * 10 }
            values.append(v)
            values.append(Double(bitPattern: rng.next()))  // any double, NaN payloads included
        }
        var checked = 0
        for v in values {
            // The old method never returned where the scaled value overflows (tested below).
            for d in -1...11 where !(abs(v) * 1e9).isInfinite {
                let fixed = NumberFormat.fixed(v, decimals: d), trimmed = NumberFormat.trimmed(v, maxDecimals: d)
                if fixed != Self.referenceFixed(v, decimals: d) { Issue.record("fixed(\(v), \(d)) = \(fixed)") }
                if trimmed != Self.referenceTrimmed(v, maxDecimals: d) { Issue.record("trimmed(\(v), \(d)) = \(trimmed)") }
                checked += 1
            }
        }
        #expect(checked > values.count * 12)
    }

    /// A value whose scaled form overflows a double (any above about 1.8e299 with nine decimals)
    /// is written with its integral digits and a fraction of zeros; the old method looped forever.
    @Test func hugeValuesEndWithZeroFractions() {
        let text = NumberFormat.fixed(1e300, decimals: 3)
        // 301 integer digits (the leading 19 significant, as for every value above 10^19), then
        // the point and three zeros.
        #expect(text.count == 305)
        #expect(text.hasPrefix("1000000000000000"))
        #expect(text.dropLast(4).allSatisfy { $0.isNumber })
        #expect(text.hasSuffix(".000"))
        #expect(NumberFormat.trimmed(-.greatestFiniteMagnitude, maxDecimals: 9).count == 310)
        #expect(NumberFormat.trimmed(-.greatestFiniteMagnitude, maxDecimals: 9).hasPrefix("-17976931348623"))
    }
}
