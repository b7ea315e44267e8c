import Testing
import Vocabulary

/// The duration reader's exact values (computed by hand: unit × number, to the nanosecond) and
/// its errors, in each dialect.
@Suite struct DurationTextTests {
    func read(_ text: String, _ dialect: DurationText.Dialect) -> Result<Int64, DurationText.Failure> {
        Result { () throws(DurationText.Failure) in try DurationText.nanoseconds(text, dialect) }
    }

    @Test func filterValues() {
        #expect(read("250ms", .filterValue) == .success(250_000_000))
        #expect(read("1.5s", .filterValue) == .success(1_500_000_000))
        #expect(read("250", .filterValue) == .success(250_000_000))
        #expect(read("0.1", .filterValue) == .success(100_000))
        #expect(read("2us", .filterValue) == .success(2_000))
        #expect(read("2µs", .filterValue) == .success(2_000))
        #expect(read("2μs", .filterValue) == .success(2_000))
        #expect(read("3m", .filterValue) == .success(180_000_000_000))
        #expect(read("1h", .filterValue) == .success(3_600_000_000_000))
        #expect(read(".5s", .filterValue) == .success(500_000_000))
    }

    @Test func filterValueErrors() {
        #expect(read("1m30s", .filterValue) == .failure(.unknownUnit("m30s")))
        #expect(read("-5ms", .filterValue) == .failure(.unexpectedSign))
        #expect(read("ms", .filterValue) == .failure(.expectedNumber))
        #expect(read("", .filterValue) == .failure(.expectedNumber))
        #expect(read("1.2.3s", .filterValue) == .failure(.malformedNumber("1.2.3")))
        #expect(read("5x", .filterValue) == .failure(.unknownUnit("x")))
        #expect(read("1d", .filterValue) == .failure(.unknownUnit("d")))
        #expect(read("9999999999999999999s", .filterValue) == .failure(.tooLarge))
        #expect(read("99999999999999999999999ns", .filterValue) == .failure(.tooLarge))
    }

    @Test func goAndProtobufDurations() {
        #expect(read("-1.000340012s", .go) == .success(-1_000_340_012))
        #expect(read("2m3s", .go) == .success(123_000_000_000))
        #expect(read("1h2m3.5s", .go) == .success(3_723_500_000_000))
        #expect(read("22938000ns", .go) == .success(22_938_000))
        #expect(read("1.5ms", .go) == .success(1_500_000))
        #expect(read("+0.5s", .go) == .success(500_000_000))
        // Exact decimal scaling, rounded half away from zero: 0.5 ns is 1 ns, 0.4 ns is 0.
        #expect(read("0.0000000005s", .go) == .success(1))
        #expect(read("0.0000000004s", .go) == .success(0))
        #expect(read("0.1s", .go) == .success(100_000_000))
        #expect(read("2555555h", .go) == .success(9_199_998_000_000_000_000))
    }

    /// Jaeger api_v2 proto-JSON writes durations in both spellings (moved from the ingest tests).
    @Test func jaegerProtoDurationsInBothSpellings() {
        #expect(read("22938000ns", .go) == .success(22_938_000))
        #expect(read("0.5s", .go) == .success(500_000_000))
        #expect(read("1m30s", .go) == .success(90_000_000_000))
        #expect(read("5 parsecs", .go) == .failure(.unknownUnit(" parsecs")))
    }

    @Test func goDurationErrors() {
        #expect(read("5", .go) == .failure(.missingUnit))
        #expect(read("-", .go) == .failure(.expectedNumber))
        #expect(read("1s5", .go) == .failure(.missingUnit))
        #expect(read("2562048h", .go) == .failure(.tooLarge))
        #expect(read("1y", .go) == .failure(.unknownUnit("y")))
    }

    @Test func lookBacks() {
        #expect(read("15m", .lookBack) == .success(900_000_000_000))
        #expect(read("1d", .lookBack) == .success(86_400_000_000_000))
        #expect(read("1.5h", .lookBack) == .success(5_400_000_000_000))
        #expect(read("500ms", .lookBack) == .failure(.unknownUnit("ms")))
        #expect(read("15", .lookBack) == .failure(.missingUnit))
        #expect(read("-15m", .lookBack) == .failure(.unexpectedSign))
        #expect(read("106751d", .lookBack) == .success(9_223_286_400_000_000_000))
        #expect(read("106752d", .lookBack) == .failure(.tooLarge))
    }

    @Test func failuresDescribeThemselves() {
        #expect(DurationText.Failure.unknownUnit("x").description == "unknown unit 'x'")
        #expect(DurationText.Failure.tooLarge.description == "too large")
    }

    /// Any text gives a value or a failure, never a trap (the reader's arithmetic is checked):
    /// 50,000 strings from the characters durations are made of, in every dialect.
    @Test func arbitraryTextNeverTraps() {
        let alphabet = Array("0123456789..smhdnuµμ+-x 9")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<50_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = Int(state >> 59)
            var text = ""
            for k in 0..<length { text.append(alphabet[Int((state >> UInt64(k * 2 % 58)) % UInt64(alphabet.count))]) }
            for dialect in [DurationText.Dialect.filterValue, .go, .lookBack] {
                if case .success(let nanos) = read(text, dialect), !dialect.signed {
                    #expect(nanos >= 0, "\(text)")
                }
            }
        }
    }
}
