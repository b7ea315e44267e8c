import TelemetryModel
import Testing
import Vocabulary

@testable import TelemetryIngest

/// Times outside `UTCTime.supportedNanos` (1970 up to 2100) are rejected by every decoder with
/// the place of the value, and the two ends of the window are kept exactly. Times past the
/// window made `render` trap (an Int64 overflow in the analysis) instead of reporting the file.
@Suite struct TimeWindowTests {
    static let last: Int64 = 4_102_444_799_999_999_999
    static let resource = #"{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]}"#

    func span(start: String, end: String) -> String {
        traceRequest(
            span:
                #""traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"00f067aa0ba902b7","name":"a","startTimeUnixNano":\#(start),"endTimeUnixNano":\#(end)"#
        )
    }

    @Test func otlpJSONKeepsTheWindowsEndsExactly() throws {
        let file = try #require(decoded(span(start: "\"0\"", end: "\"\(Self.last)\"")))
        let s = try #require(file.snapshot.spans.first)
        #expect(s.startTimeUnixNano == 0)
        #expect(s.endTimeUnixNano == Self.last)
        #expect(try #require(decoded(span(start: "0", end: "\(Self.last)"))).snapshot.spans.first?.endTimeUnixNano == Self.last)
    }

    @Test(arguments: [
        ("\"4102444800000000000\"", "4102444800000000000"), ("\"-1\"", "-1"), ("-1", "-1"),
        ("\"-100000000000000000\"", "-100000000000000000"), ("\"9223372036854775807\"", "9223372036854775807"),
        ("\"-9223372036854775808\"", "-9223372036854775808"), ("9000000000000000000", "9000000000000000000"),
    ])
    func otlpJSONRejectsATimeOutsideTheWindowAtItsValue(text: String, value: String) throws {
        let d = try #require(failures(span(start: "\"1\"", end: text)).first)
        #expect(d.path == "resourceSpans[0].scopeSpans[0].spans[0].endTimeUnixNano")
        #expect(d.message == "expected a time from 1970 to 2099, found \(value) ns since the epoch")
        #expect(d.line == 1)
    }

    @Test func otlpJSONEventLogAndMetricTimesAreCheckedToo() throws {
        let event = traceRequest(
            span:
                #""traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"00f067aa0ba902b7","name":"a","events":[{"name":"e","timeUnixNano":"-5"}]"#
        )
        #expect(failures(event).first?.path == "resourceSpans[0].scopeSpans[0].spans[0].events[0].timeUnixNano")
        let log =
            #"{"resourceLogs":[{"resource":\#(Self.resource),"scopeLogs":[{"logRecords":[{"timeUnixNano":"1","observedTimeUnixNano":"-2"}]}]}]}"#
        let d = try #require(failures(log).first)
        #expect(d.path == "resourceLogs[0].scopeLogs[0].logRecords[0].observedTimeUnixNano")
        #expect(d.message == "expected a time from 1970 to 2099, found -2 ns since the epoch")
        let metric =
            #"{"resourceMetrics":[{"resource":\#(Self.resource),"scopeMetrics":[{"metrics":[{"name":"g","gauge":{"dataPoints":[{"timeUnixNano":"4102444800000000000","asDouble":1}]}}]}]}]}"#
        #expect(failures(metric).first?.path == "resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].timeUnixNano")
    }

    @Test func otlpProtobufRejectsATimeOutsideTheWindow() throws {
        typealias P = ProtobufBytes
        let ids = P().bytes(1, Array(1...16)).bytes(2, Array(1...8)).string(5, "a")
        let kept = OTLPProtobufDecodingTests.traceRequest([ids.fixed64(7, 0).fixed64(8, UInt64(Self.last))])
        let (file, _) = try #require(OTLPProtobufDecodingTests.decodedProtobuf(kept.bytes))
        #expect(file.snapshot.spans.first?.endTimeUnixNano == Self.last)
        for (field, value) in [(7, UInt64(bitPattern: -1)), (8, UInt64(Self.last) + 1), (7, UInt64.max / 2 + 1)] {
            let request = OTLPProtobufDecodingTests.traceRequest([ids.fixed64(UInt64(field), value)])
            guard case .failed(let problems) = OTLPProtobufDecodingTests.decode(request.bytes) else {
                Issue.record("field \(field) = \(value) was accepted")
                continue
            }
            let name = field == 7 ? "startTimeUnixNano" : "endTimeUnixNano"
            #expect(problems.first?.path == "resourceSpans[0].scopeSpans[0].spans[0].\(name)")
            #expect(problems.first?.message == "expected a time from 1970 to 2099, found \(Int64(bitPattern: value)) ns since the epoch")
        }
        let event = OTLPProtobufDecodingTests.traceRequest([ids.message(11, P().fixed64(1, UInt64(Self.last) + 1).string(2, "e"))])
        guard case .failed(let problems) = OTLPProtobufDecodingTests.decode(event.bytes) else {
            Issue.record("the event time was accepted")
            return
        }
        #expect(problems.first?.path == "resourceSpans[0].scopeSpans[0].spans[0].events[0].timeUnixNano")
    }

    @Test func zipkinTimestampsAndEndsOutsideTheWindowAreErrors() throws {
        let head = #"[{"traceId":"0000000000000001","id":"0000000000000002","name":"a","#
        let lastMicros = Self.last / 1000
        let kept = try #require(decoded(head + #""timestamp":\#(lastMicros),"duration":0}]"#))
        #expect(kept.snapshot.spans.first?.endTimeUnixNano == lastMicros * 1000)
        let early = try #require(failures(head + #""timestamp":-1,"duration":1}]"#).first)
        #expect(early.path == "[0].timestamp")
        #expect(early.message == "expected a time from 1970 to 2099, found -1000 ns since the epoch")
        let late = try #require(failures(head + #""timestamp":\#(lastMicros),"duration":1}]"#).first)
        #expect(late.path == "[0].duration")
        #expect(late.message == "expected a time from 1970 to 2099, found \((lastMicros + 1) * 1000) ns since the epoch")
        let huge = try #require(failures(head + #""timestamp":1,"duration":9223372036854775}]"#).first)
        #expect(huge.path == "[0].duration")
        let annotation = try #require(failures(head + #""timestamp":1,"duration":1,"annotations":[{"timestamp":-7,"value":"x"}]}]"#).first)
        #expect(annotation.path == "[0].annotations[0].timestamp")
    }

    /// A v1 span's `cs` and `cr` at Int64's two ends: their difference overflowed in the
    /// conversion to v2 (the decoder trapped); now the start is an error at its annotation.
    @Test func zipkinV1AnnotationsAtInt64sEndsAreAnErrorNotATrap() throws {
        let json =
            #"[{"traceId":"0000000000000001","id":"0000000000000002","name":"a","annotations":[{"timestamp":-9223372036854775808,"value":"cs","endpoint":{"serviceName":"s"}},{"timestamp":9223372036854775807,"value":"cr","endpoint":{"serviceName":"s"}}]}]"#
        let d = try #require(failures(json).first)
        #expect(d.message == "expected a timestamp in microseconds, found -9223372036854775808")
    }

    @Test func jaegerStartsAndEndsOutsideTheWindowAreErrors() throws {
        func trace(_ start: String, _ duration: String) -> String {
            #"{"data":[{"traceID":"1","spans":[{"traceID":"1","spanID":"2","operationName":"a","startTime":\#(start),"duration":\#(duration),"processID":"p"}],"processes":{"p":{"serviceName":"s"}}}]}"#
        }
        #expect(try #require(decoded(trace("0", "0"))).snapshot.spans.first?.startTimeUnixNano == 0)
        let early = try #require(failures(trace("-1", "0")).first)
        #expect(early.path == "data[0].spans[0].startTime")
        #expect(early.message == "expected a time from 1970 to 2099, found -1000 ns since the epoch")
        let rfc = try #require(failures(trace("\"2100-01-01T00:00:00Z\"", "0")).first)
        #expect(rfc.message == "expected a time from 1970 to 2099, found 4102444800000000000 ns since the epoch")
        let late = try #require(failures(trace("\(Self.last / 1000)", "5")).first)
        #expect(late.path == "data[0].spans[0].duration")
    }

    @Test func openSearchTimesAndDurationsOutsideTheWindowAreErrors() throws {
        func doc(_ fields: String) -> String {
            #"{"traceId":"4fa04f117be100f476b175e41096e736","spanId":"e275ac9d21929e9b","name":"n","serviceName":"svc",\#(fields)}"#
        }
        let early = try #require(failures(doc(#""startTime":"1969-12-31T23:59:59Z","durationInNanos":0"#)).first)
        #expect(early.path == "startTime")
        #expect(early.message == "expected a time from 1970 to 2099, found -1000000000 ns since the epoch")
        let late = try #require(failures(doc(#""startTime":"2099-12-31T23:59:59Z","durationInNanos":1000000000"#)).first)
        #expect(late.path == "durationInNanos")
        #expect(late.message == "expected a time from 1970 to 2099, found 4102444800000000000 ns since the epoch")
        #expect(
            try #require(decoded(doc(#""startTime":"2099-12-31T23:59:59Z","durationInNanos":999999999"#))).snapshot.spans.first?
                .endTimeUnixNano == Self.last)
    }

    @Test func prometheusSamplesOutsideTheWindowAreSkippedWithAWarning() throws {
        let open = try #require(decoded("# TYPE a gauge\na 1 -1\na 2 5\n# EOF\n"))
        #expect(open.snapshot.metrics.first?.points == .number([NumberPoint(timeUnixNano: 5_000_000_000, value: 2)]))
        #expect(open.warnings.map(\.message) == ["timestamp 1969-12-31T23:59:59Z is outside the years 1970 to 2099; sample skipped"])
        let text = try #require(decoded("a 1 -5\na 2 7\n"))
        #expect(text.snapshot.metrics.first?.points == .number([NumberPoint(timeUnixNano: 7_000_000, value: 2)]))
        #expect(text.warnings.map(\.message) == ["timestamp 1969-12-31T23:59:59.995Z is outside the years 1970 to 2099; sample skipped"])
        // A `_created` start outside the window is left out, as if not given.
        let created = try #require(decoded("# TYPE c counter\nc_total 3 10\nc_created -4 10\n# EOF\n"))
        #expect(created.snapshot.metrics.first?.points == .number([NumberPoint(timeUnixNano: 10_000_000_000, value: 3)]))
        let kept = try #require(decoded("# TYPE c counter\nc_total 3 10\nc_created 4 10\n# EOF\n"))
        #expect(
            kept.snapshot.metrics.first?.points
                == .number([NumberPoint(startTimeUnixNano: 4_000_000_000, timeUnixNano: 10_000_000_000, value: 3)]))
        let api = try #require(
            failures(#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up"},"values":[[-1,"1"]]}]}}"#)
                .first)
        #expect(api.message == "invalid timestamp -1; expected Unix seconds from 1970 to 2099")
    }
}
