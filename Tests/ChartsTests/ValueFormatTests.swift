import Testing

@testable import Charts

@Suite struct ValueFormatTests {
    @Test func bytesUseBinaryUnits() {
        #expect(ValueFormat.bytes(0) == "0 B")
        #expect(ValueFormat.bytes(512) == "512 B")
        #expect(ValueFormat.bytes(1023) == "1023 B")
        #expect(ValueFormat.bytes(1536) == "1.5 KiB")
        #expect(ValueFormat.bytes(120 * 1024 * 1024) == "120 MiB")
        #expect(ValueFormat.bytes(1024 * 1024 * 1024) == "1 GiB")
        #expect(ValueFormat.bytes(12.34 * 1024 * 1024) == "12.3 MiB")
    }

    @Test func durationsFromMilliseconds() {
        #expect(ValueFormat.duration(milliseconds: 0) == "0 ms")
        #expect(ValueFormat.duration(milliseconds: 0.005) == "5 µs")
        #expect(ValueFormat.duration(milliseconds: 0.25) == "0.25 ms")
        #expect(ValueFormat.duration(milliseconds: 12) == "12 ms")
        #expect(ValueFormat.duration(milliseconds: 12.345) == "12.3 ms")
        #expect(ValueFormat.duration(milliseconds: 1500) == "1.5 s")
        #expect(ValueFormat.duration(milliseconds: 120_000) == "2 min")
        #expect(ValueFormat.duration(milliseconds: 5_400_000) == "1.5 h")
        #expect(ValueUnit.seconds.format(1.5) == "1.5 s")
    }

    @Test func percentRatioCountAndRate() {
        #expect(ValueFormat.percent(12.5) == "12.5%")
        #expect(ValueFormat.ratio(0.125) == "12.5%")
        #expect(ValueFormat.count(950) == "950")
        #expect(ValueFormat.count(1200) == "1.2k")
        #expect(ValueFormat.count(3_400_000) == "3.4M")
        #expect(ValueFormat.rate(perSecond: 3.4) == "3.4/s")
        #expect(ValueFormat.rate(perSecond: 1234) == "1.23k/s")
        #expect(ValueUnit.plain("req").format(12) == "12 req")
    }

    @Test func negativeAndNonFiniteValues() {
        #expect(ValueFormat.duration(milliseconds: -250) == "-250 ms")
        #expect(ValueFormat.percent(.nan) == "NaN")
        #expect(ValueFormat.count(-0.0) == "0")
    }

    @Test func fixedDecimalsNeverUseExponents() {
        #expect(ValueFormat.fixed(0.1 + 0.2, decimals: 2) == "0.30")
        #expect(ValueFormat.fixed(1e20, decimals: 0) == "100000000000000000000")
        #expect(ValueFormat.fixed(-0.001, decimals: 2) == "0.00")
        #expect(ValueFormat.fixed(-2.5, decimals: 0) == "-3")
        #expect(DecimalText.svg(1e-7) == "0")
        #expect(DecimalText.svg(12.345678) == "12.35")
        #expect(DecimalText.svg(40) == "40")
    }

    @Test func utcTimestamps() {
        #expect(ValueFormat.utc(0) == "1970-01-01 00:00:00")
        #expect(ValueFormat.utc(1_700_000_000) == "2023-11-14 22:13:20")
        #expect(ValueFormat.utc(951_782_400) == "2000-02-29 00:00:00")
        #expect(ValueFormat.utc(-1) == "1969-12-31 23:59:59")
        #expect(ValueFormat.utc(1_700_000_000.25) == "2023-11-14 22:13:20.250")
        #expect(UTCDateTime(year: 2000, month: 2, day: 29).unixSeconds == 951_782_400)
    }
}
