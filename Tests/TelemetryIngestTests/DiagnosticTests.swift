import TelemetryModel
import Testing

@testable import TelemetryIngest

@Suite struct DiagnosticTests {
    @Test func reportsABadTraceIdWithLineColumnAndPath() throws {
        let json = """
            {"resourceSpans":[{"scopeSpans":[{},{"spans":[
              {"name":"ok","traceId":"5b8efff798038103d269b633813fc60c"},
              {"name":"bad",
               "traceId":"xyz"}
            ]}]}]}
            """
        let problems = failures(json, file: "traces.json")
        let d = try #require(problems.first)
        #expect(problems.count == 1)
        #expect(d.severity == .error)
        #expect(d.file == "traces.json")
        #expect(d.line == 4)
        #expect(d.column == 14)
        #expect(d.path == "resourceSpans[0].scopeSpans[1].spans[1].traceId")
        #expect(d.message == #"expected 32 hex digits or base64 of 16 bytes, found "xyz""#)
        #expect(
            d.description
                == #"traces.json:4:14: error: resourceSpans[0].scopeSpans[1].spans[1].traceId: expected 32 hex digits or base64 of 16 bytes, found "xyz""#
        )
    }

    @Test func reportsTruncatedFilesAsUnexpectedEndOfInputOnTheirLastLine() throws {
        let json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[\n{\"name\":\"a\"},\n{\"name\":\"b\""
        let d = try #require(failures(json).first)
        #expect(d.message == "unexpected end of input")
        #expect(d.line == 3)
        #expect(d.column == 12)
        #expect(d.path == "resourceSpans[0].scopeSpans[0].spans[1]")
    }

    @Test func reportsErrorsInALaterJSONLine() throws {
        let json = """
            {"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"a"}]}]}]}
            {"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"b","kind":"SPAN_KIND_WRONG"}]}]}]}
            """
        let d = try #require(failures(json).first)
        #expect(d.line == 2)
        #expect(d.column == 63)
        #expect(d.path == "resourceSpans[0].scopeSpans[0].spans[0].kind")
        #expect(d.message == #"expected a span kind (0–5 or SPAN_KIND_…), found "SPAN_KIND_WRONG""#)
    }

    @Test func reportsIntegersThatAreNotIntegers() throws {
        let d = try #require(failures(traceRequest(span: #""name":"a","startTimeUnixNano":"12x""#)).first)
        #expect(d.message == #"expected a time in nanoseconds (number or decimal string), found "12x""#)
        #expect(d.path == "resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano")
    }

    @Test func warnsAboutUnknownAnyValueFieldsAndKeepsTheFile() throws {
        let json = traceRequest(span: #""name":"a","attributes":[{"key":"k","value":{"anyValue":"x"}}]"#)
        let file = try #require(decoded(json))
        #expect(file.spanCount == 1)
        #expect(file.snapshot.spans[0].attributes[key: "k"] == .empty)
        let w = try #require(file.warnings.first)
        #expect(w.severity == .warning)
        #expect(w.path == "resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value")
        #expect(w.message.hasPrefix(#"unknown AnyValue field "anyValue""#))
        #expect(w.line == 1)
    }

    @Test func rejectsFilesThatAreNotTelemetry() throws {
        for text in [#"{"data":[{"traceID":"x"}]}"#, "[1,2]", #"{"resource": {}}"#, "just some text\n"] {
            let d = try #require(failures(text, file: "x.txt").first)
            #expect(d.message.hasPrefix("not a recognised telemetry format"), "\(text)")
            #expect(d.file == "x.txt")
        }
        #expect(failures("", file: "x.txt").map(\.description) == ["x.txt:1:1: error: the file is empty"])
        #expect(failures(" \n\n", file: "x.txt").map(\.description) == ["x.txt:1:1: error: the file holds only whitespace"])
    }

    @Test func reportsATruncatedGzipStream() throws {
        let bytes: [UInt8] = [0x1F, 0x8B, 8, 0]
        let outcome = bytes.withUnsafeBufferPointer { SnapshotLoader.decode($0, file: "a.json.gz") }
        guard case .failed(let problems) = outcome else {
            Issue.record("truncated gzip accepted")
            return
        }
        #expect(problems.first?.message == "the gzip stream is truncated")
    }
}
