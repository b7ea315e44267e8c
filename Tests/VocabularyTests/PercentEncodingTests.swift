import Testing
import Vocabulary

/// RFC 3986 percent-encoding, by hand: unreserved characters stay, every other UTF-8 byte is
/// `%` and two upper-case hex digits.
@Suite struct PercentEncodingTests {
    @Test func unreservedCharactersStay() {
        #expect(PercentEncoding.encode("AZaz09-._~") == "AZaz09-._~")
    }

    @Test func everythingElseIsEncodedByteByByte() {
        #expect(PercentEncoding.encode("app.cache_hit=false") == "app.cache_hit%3Dfalse")
        #expect(PercentEncoding.encode("a + b") == "a%20%2B%20b")
        #expect(PercentEncoding.encode("rate(x[5m])") == "rate%28x%5B5m%5D%29")
        // "é" is C3 A9 in UTF-8; "€" is E2 82 AC.
        #expect(PercentEncoding.encode("é€") == "%C3%A9%E2%82%AC")
        #expect(PercentEncoding.encode("") == "")
        #expect(PercentEncoding.encode("%") == "%25")
    }
}
