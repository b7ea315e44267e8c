import Testing

@testable import TelemetryAnalysis

/// Errors of the filter language (DESIGN §1): 1-based character position and what was expected.
@Suite struct FilterParserTests {
    static let errorCases: [(String, Int, String)] = [
        ("duration>=", 11, "expected a value after '>='"),
        ("status=error duration>=", 24, "expected a value after '>='"),
        ("service= x", 9, "expected a value after '='"),
        ("status=bad", 8, "unknown status 'bad': expected error, ok or unset"),
        ("duration>5parsecs", 10, "duration value '5parsecs': expected a number with unit ns, us, ms, s, m or h"),
        ("duration>1.2.3s", 10, "duration value '1.2.3s': expected a number with unit ns, us, ms, s, m or h"),
        ("duration>ms", 10, "duration value 'ms': expected a number with unit ns, us, ms, s, m or h"),
        ("duration>99999999h", 10, "duration value '99999999h' is too large"),
        ("é=1 duration>x", 14, "duration value 'x': expected a number with unit ns, us, ms, s, m or h"),
        ("=5", 1, "expected a key before '='"),
        ("a >=5", 3, "expected a key before '>='"),
        ("!", 2, "expected a key after '!'"),
        ("! a", 2, "expected a key after '!'"),
        ("note=\"abc", 6, "unterminated quoted string: expected a closing '\"'"),
        ("note=\"a\\nb\"", 8, "unknown escape '\\n' in a quoted string: expected \\\" or \\\\"),
        ("note=\"a\"b", 9, "expected a space after the closing quote, found 'b'"),
        ("a=b\"c", 4, "unexpected '\"' inside a value: quote the whole value, e.g. key=\"a b\""),
        ("a\"b\"=c", 2, "unexpected '\"' in key 'a': quote the whole key"),
        ("\"a\"x", 4, "expected an operator (=, !=, >, >=, <, <=) or a space after the key, found 'x'"),
        ("app.count>abc", 11, "expected a number after '>', found 'abc'"),
        ("app.count<=nan", 12, "expected a number after '<=', found 'nan'"),
        ("app.count>\"5\"", 11, "expected a number after '>', found quoted text"),
        ("service>a", 8, "operator '>' does not apply to 'service': use = or !="),
        ("status<=ok", 7, "operator '<=' does not apply to 'status': use = or !="),
        ("kind=serverr", 6, "unknown span kind 'serverr': expected server, client, internal, producer, consumer or unspecified"),
        (
            "kind=SERVER", 6,
            "unknown span kind 'SERVER': expected server, client, internal, producer, consumer or unspecified (values compare case-sensitively, as attribute values do: write server)"
        ),
        (
            "x=1 status=Error", 12,
            "unknown status 'Error': expected error, ok or unset (values compare case-sensitively, as attribute values do: write error)"
        ),
        ("trace=xyz", 7, "trace id 'xyz': expected 1 to 32 hex digits"),
        ("trace=+1", 7, "trace id '+1': expected 1 to 32 hex digits"),
        ("!a=b", 3, "unexpected '=' after '!a': '!key' only tests that a key is absent; compare with a!=value"),
        ("a!b", 3, "expected '=' after '!'"),
        (
            "duration", 1,
            "'duration' is a span field that every span has: compare it, e.g. duration>250ms, or write attr.duration for an attribute"
        ),
        (
            "x=1 !status", 5,
            "'status' is a span field that every span has: compare it, e.g. status=error, or write attr.status for an attribute"
        ),
        ("attr.=5", 6, "expected an attribute key after 'attr.'"),
    ]

    @Test(arguments: errorCases)
    func badExpressionsReportPositionAndExpectation(expression: String, position: Int, message: String) {
        #expect(throws: FilterError(position: position, message: message), "\(expression)") {
            _ = try SpanFilter(parsing: expression)
        }
    }

    @Test func errorDescriptionLeadsWithThePosition() {
        let error = FilterError(position: 14, message: "expected a value after '>='")
        #expect(error.description == "position 14: expected a value after '>='")
    }

    @Test func durationUnitsConvertToNanoseconds() throws {
        let cases: [(String, Int64)] = [
            ("250ms", 250_000_000), ("1.5s", 1_500_000_000), ("10us", 10_000), ("10µs", 10_000),
            ("2m", 120_000_000_000), ("1h", 3_600_000_000_000), ("100ns", 100), ("0.1s", 100_000_000),
            ("250", 250_000_000), ("0.5", 500_000),
        ]
        for (text, nanos) in cases {
            let value = FilterParser.Value(text: text, isQuoted: false, position: 1)
            #expect(try FilterParser.durationNanos(value) == nanos, "\(text)")
        }
    }

    @Test func decimalNumbersAreStrict() {
        let literal = FilterAttributeTest.Literal.decimalNumber
        #expect(literal("12") == 12)
        #expect(literal("-3.5") == -3.5)
        #expect(literal("1e3") == 1000)
        #expect(literal("2E-1") == 0.2)
        #expect(literal("+7") == 7)
        for bad in ["", "-", "e3", "1e", "1.2.3", "nan", "inf", "0x10", "1-2", "1 ", "1,5"] {
            #expect(literal(bad) == nil, "\(bad)")
        }
    }

    @Test func quotedKeysAndValuesKeepSpacesAndEscapes() throws {
        let filter = try SpanFilter(parsing: #""my key"="a \"b\" \\ c""#)
        let term = try #require(filter.terms.first)
        guard case .attribute = term.test else {
            Issue.record("expected an attribute term")
            return
        }
        #expect(term.text == "my key")
        #expect(term.attributeTest.literal.text == #"a "b" \ c"#)
        #expect(term.attributeTest.literal.isQuoted)
    }
}
