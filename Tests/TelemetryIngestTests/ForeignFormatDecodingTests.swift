import TelemetryModel
import Testing

@testable import TelemetryIngest

/// Small inline examples of the Jaeger, OpenSearch and Zipkin variants, with exact values.
@Suite struct ForeignFormatDecodingTests {
    func format(_ json: String) -> String? {
        if case .decoded(_, let format) = decodeText(json) { return format }
        return nil
    }

    @Test func jaegerAPIResponseDecodesTagsLogsReferencesAndProcess() throws {
        let json = #"""
            {"data":[{"traceID":"4376effce3c2d72d","spans":[{"traceID":"4376effce3c2d72d","spanID":"0000000000000002",
              "operationName":"GET /x","references":[{"refType":"CHILD_OF","traceID":"4376effce3c2d72d","spanID":"0000000000000001"}],
              "startTime":1674578014920566,"duration":389,"processID":"p1",
              "tags":[{"key":"span.kind","type":"string","value":"client"},{"key":"error","type":"bool","value":true},
                      {"key":"n","type":"int64","value":7},{"key":"f","type":"float64","value":1.5},{"key":"b","type":"binary","value":"AAE="}],
              "logs":[{"timestamp":1674578014920600,"fields":[{"key":"event","type":"string","value":"retry"},{"key":"k","type":"string","value":"v"}]}]}],
              "processes":{"p1":{"serviceName":"frontend","tags":[{"key":"host","type":"string","value":"h1"}]}}}],
             "total":0,"limit":0,"offset":0,"errors":null}
            """#
        #expect(format(json) == "jaeger-json")
        let file = try #require(decoded(json))
        let span = try #require(file.snapshot.spans.first)
        #expect(span.traceID.hex == "00000000000000004376effce3c2d72d")
        #expect(span.spanID.hex == "0000000000000002")
        #expect(span.parentSpanID.hex == "0000000000000001")
        #expect(span.kind == .client)
        #expect(span.status == .error)
        #expect(span.startTimeUnixNano == 1_674_578_014_920_566_000)
        #expect(span.endTimeUnixNano == 1_674_578_014_920_955_000)
        #expect(
            span.attributes == [
                Attribute(key: "n", value: .int(7)), Attribute(key: "f", value: .double(1.5)),
                Attribute(key: "b", value: .bytes([0, 1])),
            ])
        #expect(
            span.events == [
                SpanEvent(
                    timeUnixNano: 1_674_578_014_920_600_000, name: "retry",
                    attributes: [Attribute(key: "k", value: .string("v"))])
            ])
        #expect(
            file.snapshot.resource(of: span).attributes == [
                Attribute(key: "service.name", value: .string("frontend")),
                Attribute(key: "host", value: .string("h1")),
            ])
    }

    @Test func jaegerOtelStatusTagsWinOverTheErrorTag() throws {
        let json =
            #"[{"traceID":"1","spanID":"2","operationName":"a","startTime":1,"duration":1,"process":{"serviceName":"s"},"tags":[{"key":"error","type":"bool","value":true},{"key":"otel.status_code","type":"string","value":"OK"},{"key":"otel.status_description","type":"string","value":"fine"}]}]"#
        let span = try #require(decoded(json)?.snapshot.spans.first)
        #expect(span.status == .ok)
        #expect(span.statusMessage == "fine")
        #expect(span.attributes.isEmpty)
    }

    @Test func jaegerElasticsearchBulkSkipsServiceDocsAndReadsTheTagMap() throws {
        let json = """
            {"index":{}}
            {"serviceName":"frontend","operationName":"HTTP GET"}
            {"index":{}}
            {"traceID":"00ab","spanID":"01","operationName":"op","startTime":10,"startTimeMillis":0,"duration":5,"tags":[],"tag":{"http@method":"GET","span@kind":"server"},"process":{"serviceName":"svc","tag":{"ip@v4":"1.2.3.4"}}}
            """
        let file = try #require(decoded(json))
        #expect(file.spanCount == 1)
        let span = try #require(file.snapshot.spans.first)
        #expect(span.kind == .server)
        #expect(span.attributes == [Attribute(key: "http.method", value: .string("GET"))])
        #expect(file.snapshot.resource(of: span).attributes[key: "ip.v4"] == .string("1.2.3.4"))
    }

    @Test func syntheticIdsAreStableDistinctAndPaddedHexIsExact() {
        #expect(ForeignIdentifiers.traceID("trace-123").id == ForeignIdentifiers.traceID("trace-123").id)
        #expect(ForeignIdentifiers.traceID("trace-123").id != ForeignIdentifiers.traceID("trace-124").id)
        #expect(ForeignIdentifiers.traceID("trace-123").origin == .hashed)
        #expect(ForeignIdentifiers.traceID("df84e36b9e2ee3815d07f0867a5be1f").id.hex == "0df84e36b9e2ee3815d07f0867a5be1f")
        #expect(ForeignIdentifiers.spanID("4b52eb0cabcb50a").id.hex == "04b52eb0cabcb50a")
        #expect(ForeignIdentifiers.spanID("AAAAAABkfZg=").id.hex == "0000000000647d98")
        #expect(ForeignIdentifiers.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
        #expect(ForeignIdentifiers.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
    }

    @Test func jaegerErrorsCarryLineColumnAndPath() throws {
        let json = "{\"data\":[{\"traceID\":\"1\",\"spans\":[\n{\"traceID\":\"1\",\"spanID\":\"2\",\"startTime\":\"soon\"}]}]}"
        let error = try #require(failures(json).first)
        #expect(error.line == 2)
        #expect(error.column == 41)
        #expect(error.path == "data[0].spans[0].startTime")
        #expect(error.message == #"expected a start time (microseconds or RFC 3339), found "soon""#)
    }

    @Test func openSearchFlattenedAndNestedDocumentsGiveTheSameSpan() throws {
        let flat =
            #"{"traceId":"4fa04f117be100f476b175e41096e736","spanId":"e275ac9d21929e9b","parentSpanId":"","name":"n","kind":"SPAN_KIND_CLIENT","startTime":"2021-03-25T17:23:30.088478464Z","endTime":"2021-03-25T17:23:30.481628416Z","durationInNanos":393149952,"serviceName":"svc","status.code":2,"status.message":"boom","span.attributes.http@method":"GET","resource.attributes.service@name":"svc","events":[{"time":"2021-03-25T17:23:30.1Z","name":"exception","attributes":{"exception@type":"E"}}]}"#
        let nested =
            #"{"traceId":"4fa04f117be100f476b175e41096e736","spanId":"e275ac9d21929e9b","parentSpanId":null,"name":"n","kind":"Client","startTime":"2021-03-25T17:23:30.088478464Z","durationInNanos":393149952,"status":{"code":"Error","message":"boom"},"attributes":{"http.method":"GET"},"resource":{"attributes":{"service.name":"svc"}},"events":[{"time":"2021-03-25T17:23:30.1Z","name":"exception","attributes":{"exception":{"type":"E"}}}]}"#
        for json in [flat, nested, "{\"hits\":{\"total\":1,\"hits\":[{\"_id\":\"x\",\"_source\":\(flat)}]}}", "[\(nested)]"] {
            #expect(format(json) == "opensearch-span")
            let file = try #require(decoded(json))
            let span = try #require(file.snapshot.spans.first)
            #expect(span.traceID.hex == "4fa04f117be100f476b175e41096e736")
            #expect(span.parentSpanID.isNone)
            #expect(span.kind == .client)
            #expect(span.startTimeUnixNano == 1_616_693_010_088_478_464)
            #expect(span.durationNanos == 393_149_952)
            #expect(span.status == .error)
            #expect(span.statusMessage == "boom")
            #expect(span.attributes == [Attribute(key: "http.method", value: .string("GET"))])
            #expect(
                span.events == [
                    SpanEvent(
                        timeUnixNano: 1_616_693_010_100_000_000, name: "exception",
                        attributes: [Attribute(key: "exception.type", value: .string("E"))])
                ])
            #expect(file.snapshot.serviceName(of: span) == "svc")
        }
    }

    @Test func openSearchBadTimeIsAnErrorWithItsPath() throws {
        let json = "{\"index\":{}}\n{\"traceId\":\"01\",\"spanId\":\"02\",\"startTime\":\"yesterday\"}\n"
        let error = try #require(failures(json).first)
        #expect(error.line == 2)
        #expect(error.path == "startTime")
        #expect(error.message == #"expected an RFC 3339 time (2021-03-25T17:23:30.088478464Z), found "yesterday""#)
    }

    @Test func zipkinSpanArrayDecodesEveryField() throws {
        let json =
            #"[{"traceId":"0562809467078eab","parentId":"0000000000000001","id":"0562809467078eab","kind":"PRODUCER","name":"send","timestamp":1541405397200023,"duration":26,"localEndpoint":{"serviceName":"servicea","ipv4":"10.0.0.1","port":80},"remoteEndpoint":{"serviceName":"kafka"},"annotations":[{"timestamp":1541405397200030,"value":"ws"}],"tags":{"kafka.topic":"messages","error":"broker down"}}]"#
        #expect(format(json) == "zipkin-json")
        let file = try #require(decoded(json))
        let span = try #require(file.snapshot.spans.first)
        #expect(span.traceID.hex == "00000000000000000562809467078eab")
        #expect(span.parentSpanID.hex == "0000000000000001")
        #expect(span.kind == .producer)
        #expect(span.startTimeUnixNano == 1_541_405_397_200_023_000)
        #expect(span.durationNanos == 26_000)
        #expect(span.status == .error)
        #expect(span.statusMessage == "broker down")
        #expect(
            span.attributes == [
                Attribute(key: "net.host.ip", value: .string("10.0.0.1")), Attribute(key: "net.host.port", value: .int(80)),
                Attribute(key: "peer.service", value: .string("kafka")), Attribute(key: "kafka.topic", value: .string("messages")),
            ])
        #expect(span.events == [SpanEvent(timeUnixNano: 1_541_405_397_200_030_000, name: "ws")])
        #expect(file.snapshot.serviceName(of: span) == "servicea")
    }

    @Test func zipkinSelfParentIsARootAndListsOfTracesAreRead() throws {
        let json = #"[[{"traceId":"0000000000000001","id":"0000000000000002","parentId":"0000000000000002","timestamp":1,"duration":1}]]"#
        #expect(format(json) == "zipkin-json")
        let file = try #require(decoded(json))
        #expect(file.snapshot.spans.first?.parentSpanID.isNone == true)
        #expect(file.warnings.map(\.path) == ["[0][0].parentId"])
    }

    @Test func zipkinShortTraceIdIsAnError() throws {
        let error = try #require(failures(#"[{"traceId":"xyz","id":"0000000000000002"}]"#).first)
        #expect(error.path == "[0].traceId")
        #expect(error.message == #"expected a traceId of 16 or 32 hex digits, found "xyz""#)
    }

    @Test func sniffersDoNotClaimEachOthersFiles() {
        #expect(
            format(traceRequest(span: #""traceId":"4fa04f117be100f476b175e41096e736","spanId":"e275ac9d21929e9b","name":"a""#))
                == "otlp-json")
        #expect(format(#"{"traceID":"1","spans":[],"processes":{}}"#) == "jaeger-json")
        #expect(
            format(
                #"{"spans":[{"traceId":"AAAAAAAAAABSlpqJVVcaPw==","spanId":"AAAAAABkfZg=","operationName":"get","startTime":"2017-01-26T16:46:31.639875-05:00"}]}"#
            ) == "jaeger-json")
        #expect(format(#"{"traceId":"01","spanId":"02","startTime":"2021-03-25T17:23:30Z"}"#) == "opensearch-span")
        #expect(format(#"{"traceId":"0000000000000001","id":"0000000000000002","timestamp":1}"#) == "zipkin-json")
        #expect(format(#"{"status":"success","data":{"resultType":"vector","result":[]}}"#) != "jaeger-json")
    }
}
