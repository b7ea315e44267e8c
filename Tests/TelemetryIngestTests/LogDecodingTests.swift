import Foundation
import TelemetryModel
import Testing
import Vocabulary

@testable import TelemetryIngest

/// OTLP JSON `resourceLogs` and Data Prepper log documents into the log table (issue 14).
@Suite struct LogDecodingTests {
    @Test func decodesAnOTLPLogRecordWithEveryField() throws {
        let json = #"""
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"recommendationservice"}}]},
              "scopeLogs":[{"scope":{"name":"py"},"logRecords":[
                {"timeUnixNano":"1700000000000000001","observedTimeUnixNano":"1700000000000000002","severityNumber":"SEVERITY_NUMBER_WARN",
                 "severityText":"WARNING","body":{"stringValue":"cache miss"},"traceId":"5B8EFFF798038103D269B633813FC60C",
                 "spanId":"eee19b7ec3c1b174","attributes":[{"key":"app.product.id","value":{"stringValue":"OLJCESPC7Z"}}]},
                {"time_unix_nano":5,"severity_number":17,"body":{"kvlistValue":{"values":[{"key":"a","value":{"intValue":"1"}}]}},
                 "traceId":"","spanId":""},
                {"observedTimeUnixNano":"9","severityText":"Information"}
              ]}]}]}
            """#
        let file = try #require(decoded(json))
        let logs = file.snapshot.logs
        try #require(logs.count == 3)
        // Sorted by timestamp: 5, 9, 1.7e18.
        #expect(logs[0].timeUnixNano == 5 && logs[0].severityNumber == 17 && logs.severities[0] == .error)
        #expect(logs[0].body == .kvlist([Attribute(key: "a", value: .int(1))]))
        #expect(logs[0].traceID == .zero && logs[0].spanID == .none)
        #expect(logs.timestamp(at: 1) == 9 && logs.severities[1] == .info)
        let r = logs[2]
        #expect(r.timeUnixNano == 1_700_000_000_000_000_001 && r.observedTimeUnixNano == 1_700_000_000_000_000_002)
        #expect(r.severityNumber == 13 && r.severityText == "WARNING" && logs.severities[2] == .warn)
        #expect(r.body == .string("cache miss"))
        #expect(r.traceID.hex == "5b8efff798038103d269b633813fc60c" && r.spanID.hex == "eee19b7ec3c1b174")
        #expect(r.attributes == [Attribute(key: "app.product.id", value: .string("OLJCESPC7Z"))])
        #expect(file.snapshot.serviceName(ofLog: 2) == "recommendationservice")
        #expect(file.snapshot.scopes[Int(r.scopeIndex)].name == "py")
    }

    /// Keys are matched on their bytes, each guessed as the next a collector writes: a record
    /// and its attributes read the same in the compact order, in snake_case, in another order
    /// with spaces, escapes, unknown keys and `null` members, and an unknown `AnyValue` field
    /// is still a warning naming it.
    @Test func aRecordReadsTheSameWhateverItsKeysSpellingAndOrder() throws {
        let compact =
            #"{"timeUnixNano":"7","observedTimeUnixNano":"8","severityNumber":9,"severityText":"INFO","#
            + #""body":{"stringValue":"hello"},"attributes":[{"key":"a","value":{"intValue":"1"}},{"key":"b","value":{"boolValue":true}}],"#
            + #""traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}"#
        let snake =
            #"{"time_unix_nano":"7","observed_time_unix_nano":"8","severity_number":9,"severity_text":"INFO","#
            + #""body":{"string_value":"hello"},"attributes":[{"key":"a","value":{"int_value":"1"}},{"key":"b","value":{"bool_value":true}}],"#
            + #""trace_id":"5b8efff798038103d269b633813fc60c","span_id":"eee19b7ec3c1b174"}"#
        let shuffled =
            #"{ "spanId" : "eee19b7ec3c1b174", "flags": 1, "attributes" : [{"value":{"intValue":"1"},"key":"a"},"#
            + #" {"key" : "b", "other": 2, "value" : {"boolValue" : true}}], "body": {"stringValue":"hello"}, "eventName": null,"#
            + #" "severityText": "INFO", "traceId": "5b8efff798038103d269b633813fc60c", "observedTimeUnixNano": "8","#
            + #" "timeUnixNano": null, "severityNumber": 9, "droppedAttributesCount": 0, "timeUnixNano": "7"}"#
        var records: [LogRecord] = []
        for text in [compact, snake, shuffled] {
            let json = #"{"resourceLogs":[{"scopeLogs":[{"logRecords":["# + text + "]}]}]}"
            let file = try #require(decoded(json))
            #expect(file.warnings.isEmpty, "\(file.warnings)")
            records.append(try #require(file.snapshot.logs.first))
        }
        let expected = records[0]
        #expect(expected.timeUnixNano == 7 && expected.observedTimeUnixNano == 8 && expected.severityNumber == 9)
        #expect(expected.severityText == "INFO" && expected.body == .string("hello"))
        #expect(expected.attributes == [Attribute(key: "a", value: .int(1)), Attribute(key: "b", value: .bool(true))])
        #expect(expected.traceID.hex == "5b8efff798038103d269b633813fc60c" && expected.spanID.hex == "eee19b7ec3c1b174")
        for other in records.dropFirst() { #expect(other == expected) }

        let unknown = #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"anyValue":"x"}}]}]}]}"#
        let file = try #require(decoded(unknown))
        #expect(file.snapshot.logs.first?.body == .empty)
        #expect(file.warnings.map(\.message).contains { $0.hasPrefix(#"unknown AnyValue field "anyValue""#) }, "\(file.warnings)")
    }

    @Test func aBadSeverityNumberIsAnErrorWithItsPath() throws {
        let problems = failures(#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"severityNumber":"LOUD"}]}]}]}"#)
        let message = try #require(problems.first?.description)
        #expect(message.contains("resourceLogs[0].scopeLogs[0].logRecords[0].severityNumber"))
        #expect(message.contains("a severity number"))
    }

    @Test func logsAndSpansOfOneFileMergeWithTheirResources() throws {
        let json =
            traceRequest(span: #""traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"a""#) + "\n"
            + #"{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},"scopeLogs":[{"logRecords":[{"timeUnixNano":"3","body":{"stringValue":"x"},"traceId":"5b8efff798038103d269b633813fc60c"}]}]}]}"#
        let file = try #require(decoded(json))
        #expect(file.snapshot.spans.count == 1 && file.snapshot.logs.count == 1)
        #expect(file.snapshot.logs.resourceIndexes[0] == file.snapshot.spans.resourceIndexes[0])
        #expect(file.snapshot.logs.traceIDs[0] == file.snapshot.spans.traceIDs[0])
    }

    @Test(.enabled(if: corpusFolder() != nil, "../shared/corpus not found")) func theCanonicalOTLPLogsExampleDecodes() throws {
        let corpus = try #require(corpusFolder())
        let url = corpus.appendingPathComponent("otlp-json/otel-proto-examples/logs.json")
        let outcome = SnapshotLoader.decodeFile(url.path)
        guard case .decoded(let file, _) = outcome else {
            Issue.record("not decoded")
            return
        }
        #expect(file.snapshot.logs.count == 1)
        let r = file.snapshot.logs[0]
        #expect(r.traceID.hex == "5b8efff798038103d269b633813fc60c")
        #expect(r.body == .string("Example log record"))
        #expect(r.attributes.count == 6)
    }

    @Test(.enabled(if: corpusFolder() != nil, "../shared/corpus not found")) func theDemoCaptureHasItsTwentyThreeLogRecords() throws {
        let url = try #require(corpusFolder()).appendingPathComponent("otlp-json/otel-tui/test_data.jsonl")
        guard case .decoded(let file, _) = SnapshotLoader.decodeFile(url.path) else {
            Issue.record("not decoded")
            return
        }
        #expect(file.snapshot.logs.count == 23)
        #expect(file.snapshot.spans.count == 547)
    }

    @Test func decodesDataPrepperLogDocumentsWithFlattenedKeys() throws {
        let ndjson = #"""
            {"index":{"_index":"logs-otel-v1-000001"}}
            {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","severityText":"ERROR","severityNumber":17,"body":"boom 42","time":"2024-01-02T03:04:05.123456789Z","observedTime":"2024-01-02T03:04:06Z","serviceName":"checkout","attributes.exception@type":"ValueError","resource.attributes.service@name":"checkout","resource.attributes.host@name":"h1","droppedAttributesCount":0,"flags":1,"schemaUrl":""}
            {"index":{"_index":"logs-otel-v1-000001"}}
            {"traceId":"","spanId":"","severityText":"warn","severityNumber":0,"body":{"msg":"structured"},"observedTime":"2024-01-02T03:04:07Z","serviceName":"cart","log.attributes.a@b":1,"attributes":{"nested":{"k":"v"}}}
            """#
        let file = try #require(decoded(ndjson))
        let logs = file.snapshot.logs
        try #require(logs.count == 2)
        #expect(file.spanCount == 0)
        let a = logs[0]
        #expect(a.timeUnixNano == UTCTime.parseRFC3339("2024-01-02T03:04:05.123456789Z"))
        #expect(a.observedTimeUnixNano == UTCTime.parseRFC3339("2024-01-02T03:04:06Z"))
        #expect(a.severityNumber == 17 && logs.severities[0] == .error && a.body == .string("boom 42"))
        #expect(a.traceID.hex == "5b8efff798038103d269b633813fc60c" && a.spanID.hex == "eee19b7ec3c1b174")
        #expect(a.attributes == [Attribute(key: "exception.type", value: .string("ValueError"))])
        #expect(file.snapshot.serviceName(ofLog: 0) == "checkout")
        #expect(file.snapshot.resources[Int(a.resourceIndex)].attributes[key: "host.name"] == .string("h1"))
        let b = logs[1]
        #expect(b.timeUnixNano == 0 && logs.severities[1] == .warn && b.traceID == .zero)
        #expect(b.body == .kvlist([Attribute(key: "msg", value: .string("structured"))]))
        #expect(Set(b.attributes.map(\.key)) == ["a.b", "nested.k"])
        #expect(file.snapshot.serviceName(ofLog: 1) == "cart")
    }

    @Test func aSearchResponseOfLogDocumentsIsRecognisedByContent() throws {
        let json =
            #"{"hits":{"total":{"value":1},"hits":[{"_index":"logs-otel-v1-000001","_source":{"time":"2024-01-02T03:04:05Z","severityText":"INFO","body":"hi","traceId":"","spanId":""}}]}}"#
        guard case .decoded(let file, let format) = decodeText(json) else {
            Issue.record("not decoded")
            return
        }
        #expect(format == OpenSearchSpanFormat.name)
        #expect(file.snapshot.logs.count == 1 && file.snapshot.logs[0].body == .string("hi"))
    }

    @Test func simpleSchemaLogDocumentsAreReadToo() throws {
        let json =
            #"[{"@timestamp":"2024-01-02T03:04:05Z","observedTimestamp":"2024-01-02T03:04:06Z","severity":{"text":"WARN","number":13},"body":"disk 91% full","traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","attributes":{"disk":"sda"},"resource":{"service.name":"node"}}]"#
        guard case .decoded(let file, let format) = decodeText(json) else {
            Issue.record("not decoded")
            return
        }
        #expect(format == OpenSearchSpanFormat.name)
        let r = try #require(file.snapshot.logs.first)
        #expect(
            r.timeUnixNano == UTCTime.parseRFC3339("2024-01-02T03:04:05Z")
                && r.observedTimeUnixNano == UTCTime.parseRFC3339("2024-01-02T03:04:06Z"))
        #expect(r.severityNumber == 13 && r.severityText == "WARN" && r.body == .string("disk 91% full"))
        #expect(r.attributes == [Attribute(key: "disk", value: .string("sda"))])
        #expect(file.snapshot.serviceName(ofLog: 0) == "node")
    }

    @Test func aLogDocumentWithABadTimeIsAnErrorWithItsLine() throws {
        let problems = failures(#"{"time":"yesterday","severityText":"INFO","body":"x"}"#)
        let d = try #require(problems.first)
        #expect(d.message.contains("RFC 3339"))
        #expect(d.line == 1)
    }
}
