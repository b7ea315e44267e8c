import TelemetryModel
import Testing

@testable import TelemetryIngest

@Suite struct OTLPTraceDecodingTests {
    @Test func decodesACanonicalSpan() throws {
        let json = traceRequest(
            span: #"""
                "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","parentSpanId":"eee19b7ec3c1b173",
                "name":"GET /x","kind":2,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000",
                "attributes":[{"key":"http.status_code","value":{"intValue":"200"}}],
                "status":{"code":2,"message":"boom"}
                """#)
        let file = try #require(decoded(json))
        #expect(file.spanCount == 1)
        let span = try #require(file.snapshot.spans.first)
        #expect(span.traceID.hex == "5b8efff798038103d269b633813fc60c")
        #expect(span.spanID.hex == "eee19b7ec3c1b174")
        #expect(span.parentSpanID.hex == "eee19b7ec3c1b173")
        #expect(span.name == "GET /x")
        #expect(span.kind == .server)
        #expect(span.startTimeUnixNano == 1_544_712_660_000_000_000)
        #expect(span.durationNanos == 1_000_000_000)
        #expect(span.status == .error)
        #expect(span.statusMessage == "boom")
        #expect(span.attributes == [Attribute(key: "http.status_code", value: .int(200))])
        #expect(file.snapshot.serviceName(of: span) == "svc")
        #expect(file.snapshot.scope(of: span).name == "lib")
    }

    @Test func normalisesUppercaseHexAndBase64IdsToTheSameLowercaseHex() throws {
        let upper = try #require(
            decoded(traceRequest(span: #""traceId":"FFA576D321173AC6CEF3601C8F4BDE75","spanId":"085AC082FFCFBF8D","name":"a""#)))
        let base64 = try #require(decoded(traceRequest(span: #""traceId":"/6V20yEXOsbO82Acj0vedQ==","spanId":"CFrAgv/Pv40=","name":"a""#)))
        let unpadded = try #require(decoded(traceRequest(span: #""traceId":"/6V20yEXOsbO82Acj0vedQ","spanId":"CFrAgv/Pv40","name":"a""#)))
        for file in [upper, base64, unpadded] {
            #expect(file.snapshot.spans[0].traceID.hex == "ffa576d321173ac6cef3601c8f4bde75")
            #expect(file.snapshot.spans[0].spanID.hex == "085ac082ffcfbf8d")
        }
    }

    @Test func treatsEmptyParentIdAsRootAndEmptyIdsAsNone() throws {
        let file = try #require(decoded(traceRequest(span: #""traceId":"","spanId":"","parentSpanId":"","name":"a""#)))
        let span = file.snapshot.spans[0]
        #expect(span.parentSpanID.isNone)
        #expect(span.spanID.isNone)
        #expect(span.traceID.isZero)
    }

    @Test(arguments: [
        (#""SPAN_KIND_CLIENT""#, SpanKind.client), (#""3""#, .client), ("3", .client),
        (#""SPAN_KIND_CONSUMER""#, .consumer), (#""INTERNAL""#, .internal), ("9", .unspecified),
    ])
    func decodesSpanKindsAsNamesNumbersAndNumericStrings(_ text: String, _ kind: SpanKind) throws {
        let file = try #require(decoded(traceRequest(span: #""name":"a","kind":\#(text)"#)))
        #expect(file.snapshot.spans[0].kind == kind)
    }

    @Test func decodesStatusCodeNamesAndOmittedDefaults() throws {
        let error = try #require(decoded(traceRequest(span: #""name":"a","status":{"code":"STATUS_CODE_ERROR"}"#)))
        #expect(error.snapshot.spans[0].status == .error)
        let ok = try #require(decoded(traceRequest(span: #""name":"a","status":{"code":"1"}"#)))
        #expect(ok.snapshot.spans[0].status == .ok)
        let unset = try #require(decoded(traceRequest(span: #""name":"a","status":{}"#)))
        #expect(unset.snapshot.spans[0].status == .unset)
        #expect(unset.snapshot.spans[0].kind == .unspecified)
        #expect(unset.snapshot.spans[0].startTimeUnixNano == 0)
    }

    @Test func acceptsTimesAsNumbersAndSnakeCaseFieldNames() throws {
        let file = try #require(
            decoded(
                #"""
                {"resource_spans":[{"scope_spans":[{"spans":[{"trace_id":"5b8efff798038103d269b633813fc60c",
                 "span_id":"eee19b7ec3c1b174","parent_span_id":"","name":"n",
                 "start_time_unix_nano":1544712660000000001,"end_time_unix_nano":"1544712660000000002"}]}]}]}
                """#))
        let span = file.snapshot.spans[0]
        #expect(span.startTimeUnixNano == 1_544_712_660_000_000_001)
        #expect(span.endTimeUnixNano == 1_544_712_660_000_000_002)
        #expect(span.spanID.hex == "eee19b7ec3c1b174")
        #expect(file.snapshot.serviceName(of: span) == "unknown_service")
    }

    @Test func decodesEveryAnyValueKind() throws {
        let file = try #require(
            decoded(
                traceRequest(
                    span: #"""
                        "name":"a","attributes":[
                          {"key":"s","value":{"stringValue":"x"}},
                          {"key":"b","value":{"boolValue":true}},
                          {"key":"i","value":{"intValue":"-9223372036854775808"}},
                          {"key":"i2","value":{"intValue":42}},
                          {"key":"d","value":{"doubleValue":1.5}},
                          {"key":"d2","value":{"doubleValue":"NaN"}},
                          {"key":"y","value":{"bytesValue":"AQID"}},
                          {"key":"a","value":{"arrayValue":{"values":[{"stringValue":"v"},{"intValue":"1"}]}}},
                          {"key":"k","value":{"kvlistValue":{"values":[{"key":"n","value":{"boolValue":false}}]}}},
                          {"key":"e","value":{}}
                        ]
                        """#)))
        let attributes = file.snapshot.spans[0].attributes
        #expect(attributes[key: "s"] == .string("x"))
        #expect(attributes[key: "b"] == .bool(true))
        #expect(attributes[key: "i"] == .int(.min))
        #expect(attributes[key: "i2"] == .int(42))
        #expect(attributes[key: "d"] == .double(1.5))
        #expect(attributes[key: "d2"]?.numericValue?.isNaN == true)
        #expect(attributes[key: "y"] == .bytes([1, 2, 3]))
        #expect(attributes[key: "a"] == .array([.string("v"), .int(1)]))
        #expect(attributes[key: "k"] == .kvlist([Attribute(key: "n", value: .bool(false))]))
        #expect(attributes[key: "e"] == .empty)
        #expect(file.warnings.isEmpty)
    }

    /// Lone string, integer, boolean and double values are stored straight from their bytes;
    /// every other shape (null, two fields, snake_case) is decoded in full, and a bad value
    /// fails at the same place either way.
    @Test func storesLoneValuesAndDecodesOtherShapesInFull() throws {
        let file = try #require(
            decoded(
                traceRequest(
                    span: #"""
                        "name":"a","attributes":[
                          {"key":"i","value":{"intValue":"7"}},
                          {"key":"n","value":{"intValue":null}},
                          {"key":"two","value":{"intValue":"5","stringValue":"x"}},
                          {"key":"snake","value":{"int_value":"9"}},
                          {"key":"b","value":{"boolValue":"false"}},
                          {"key":"d","value":{"doubleValue":2}},
                          {"key":"s","value":{"stringValue":"y"}}
                        ]
                        """#)))
        let attributes = file.snapshot.spans[0].attributes
        #expect(attributes[key: "i"] == .int(7))
        #expect(attributes[key: "n"] == .empty)
        #expect(attributes[key: "two"] == .string("x"))
        #expect(attributes[key: "snake"] == .int(9))
        #expect(attributes[key: "b"] == .bool(false))
        #expect(attributes[key: "d"] == .double(2))
        #expect(attributes[key: "s"] == .string("y"))
        let bad = traceRequest(span: #""name":"a","attributes":[{"key":"i","value":{"intValue":"x1"}}]"#)
        let problems = failures(bad)
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("expected a 64-bit integer (number or decimal string)") == true)
        // The place is the value's opening quote.
        let before = try #require(bad.range(of: #""x1""#)).lowerBound
        let line = bad[..<before].split(separator: "\n", omittingEmptySubsequences: false)
        #expect(problems.first?.line == line.count)
        #expect(problems.first?.column == (line.last?.count ?? 0) + 1)
    }

    @Test func decodesEventsAndLinks() throws {
        let file = try #require(
            decoded(
                traceRequest(
                    span: #"""
                        "name":"a","events":[{"timeUnixNano":"5","name":"exception","attributes":[{"key":"k","value":{"stringValue":"v"}}]}],
                        "links":[{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708","attributes":[]}]
                        """#)))
        let span = file.snapshot.spans[0]
        #expect(span.events == [SpanEvent(timeUnixNano: 5, name: "exception", attributes: [Attribute(key: "k", value: .string("v"))])])
        #expect(span.links.map(\.traceID.hex) == ["0102030405060708090a0b0c0d0e0f10"])
        #expect(span.links.map(\.spanID.hex) == ["0102030405060708"])
    }

    /// Each span's events and links are its own run of the arenas, whatever their keys' case,
    /// order, unknown keys, `null` members and `null` elements; a bad value inside an event is
    /// placed at that value.
    @Test func eachSpansEventsAndLinksAreItsOwn() throws {
        let json = #"""
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},
            "scopeSpans":[{"scope":{"name":"lib"},"spans":[
            {"name":"a","events":[{"name":"m1","timeUnixNano":"5","droppedAttributesCount":0},null,
              {"time_unix_nano":"6","name":"m2","attributes":[{"key":"message.id","value":{"intValue":"2"}}]}]},
            {"name":"b","events":[],"links":[{"trace_id":"0102030405060708090a0b0c0d0e0f10","span_id":"0102030405060708","traceState":"x"}]},
            {"name":"c","events":[{"timeUnixNano":"7","name":null,"attributes":null}],
              "links":[null,{"spanId":"0807060504030201","traceId":"100f0e0d0c0b0a090807060504030201","attributes":[{"key":"k","value":{"boolValue":true}}]}]}
            ]}]}]}
            """#
        let spans = try #require(decoded(json)).snapshot.spans
        #expect(spans.map(\.name) == ["a", "b", "c"])
        #expect(
            spans[0].events == [
                SpanEvent(timeUnixNano: 5, name: "m1", attributes: []),
                SpanEvent(timeUnixNano: 6, name: "m2", attributes: [Attribute(key: "message.id", value: .int(2))]),
            ])
        #expect(spans[0].links.isEmpty && spans[1].events.isEmpty)
        #expect(spans[1].links.map(\.traceID.hex) == ["0102030405060708090a0b0c0d0e0f10"])
        #expect(spans[1].links.map(\.spanID.hex) == ["0102030405060708"])
        #expect(spans[2].events == [SpanEvent(timeUnixNano: 7, name: "", attributes: [])])
        #expect(spans[2].links.map(\.spanID.hex) == ["0807060504030201"])
        #expect(spans[2].links.map(\.attributes) == [[Attribute(key: "k", value: .bool(true))]])

        let bad = traceRequest(span: #""name":"a","events":[{"name":"e"},{"name":"f","timeUnixNano":"soon"}]"#)
        let problems = failures(bad)
        #expect(problems.count == 1)
        let before = try #require(bad.range(of: #""soon""#)).lowerBound
        #expect(problems.first?.column == bad[..<before].count + 1)
    }

    @Test func acceptsFieldsInAnyOrderAndSkipsUnknownOnes() throws {
        let file = try #require(
            decoded(
                #"""
                {"extra":{"x":[1,2,{"y":null}]},"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"late","future":true}],
                 "scope":{"name":"lib2","version":"1"}}],"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"after"}}]}}]}
                """#))
        let span = file.snapshot.spans[0]
        #expect(file.snapshot.serviceName(of: span) == "after")
        #expect(file.snapshot.scope(of: span) == InstrumentationScope(name: "lib2", version: "1"))
    }

    @Test func unwrapsJaegerResultAndTempoBatchesEnvelopes() throws {
        let result = try #require(decoded(#"{"result":{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"r"}]}]}]}}"#))
        #expect(result.snapshot.spans.map(\.name) == ["r"])
        let batches = try #require(
            decoded(
                #"""
                {"batches":[{"resource":{},"instrumentationLibrarySpans":[{"instrumentationLibrary":{"name":"old"},"spans":[{"name":"b"}]}]}]}
                """#))
        #expect(batches.snapshot.spans.map(\.name) == ["b"])
        #expect(batches.snapshot.scope(of: batches.snapshot.spans[0]).name == "old")
    }

    @Test func readsJSONLinesWithMixedSignalsAndBlankLines() throws {
        let json = """
            {"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"one"}]}]}]}

            {"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"x"},"traceId":"","spanId":""}]}]}]}
            {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[{"asInt":"1"}]}}]}]}]}
            {"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"two"}]}]}]}

            """
        let file = try #require(decoded(json))
        #expect(file.spanCount == 2)
        #expect(file.metricPointCount == 1)
        #expect(file.snapshot.spans.map(\.name).sorted() == ["one", "two"])
    }

    @Test func acceptsLogsOnlyFilesCountingNothing() throws {
        let file = try #require(decoded(#"{"resourceLogs":[{"scopeLogs":[]}]}"#))
        #expect(file.spanCount == 0)
        #expect(file.metricPointCount == 0)
    }

    @Test func treatsNullAsTheDefault() throws {
        let file = try #require(decoded(traceRequest(span: #""name":"a","attributes":null,"status":null,"kind":null,"events":[null]"#)))
        #expect(file.snapshot.spans[0].attributes.isEmpty)
        #expect(file.snapshot.spans[0].events.isEmpty)
    }
}
