import TelemetryModel
import Testing

@testable import TelemetryIngest

/// The envelope objects' keys matched on their bytes (`MemberNames`): exact names, snake_case
/// converted, anything else none; and every spelling a key may take in a file (compact, spaced,
/// escaped, snake_case, legacy, any order, `null`) decodes to the same spans with the same
/// resources and scopes.
@Suite struct MemberNamesTests {
    static func index(_ names: MemberNames, _ key: String) -> Int {
        var key = key
        return key.withUTF8 { names.index(of: $0) }
    }

    @Test func namesAreFoundByTheirBytesOrTheirSnakeCase() {
        let resource = OTLPJSONDecoder.resourceSpansMembers, scope = OTLPJSONDecoder.scopeLogsMembers
        #expect(resource.count == 4 && scope.count == 4)
        #expect(Self.index(resource, "resource") == 0)
        #expect(Self.index(resource, "scopeSpans") == 1)
        #expect(Self.index(resource, "scope_spans") == 1)
        #expect(Self.index(resource, "instrumentationLibrarySpans") == 2)
        #expect(Self.index(resource, "instrumentation_library_spans") == 2)
        #expect(Self.index(resource, "schemaUrl") == 3)
        #expect(Self.index(resource, "schema_url") == 3)
        #expect(Self.index(OTLPJSONDecoder.scopeSpansMembers, "schemaUrl") == -1)
        #expect(Self.index(resource, "Resource") == -1)
        #expect(Self.index(resource, "resources") == -1)
        #expect(Self.index(resource, "") == -1)
        #expect(Self.index(scope, "scope") == 0)
        #expect(Self.index(scope, "instrumentationLibrary") == 1)
        #expect(Self.index(scope, "logRecords") == 2)
        #expect(Self.index(scope, "log_records") == 2)
        #expect(Self.index(scope, "logs") == 3)
        #expect(Self.index(OTLPJSONDecoder.scopeSpansMembers, "logs") == -1)
        #expect(Self.index(OTLPJSONDecoder.resourceMetricsMembers, "instrumentation_library_metrics") == 2)
    }

    /// After a name the next one with a compact form is guessed, passing over the legacy names
    /// too long to have one, and after the last, the first.
    @Test func theNameGuessedNextPassesOverNamesWithoutACompactForm() {
        let resource = OTLPJSONDecoder.resourceSpansMembers, scope = OTLPJSONDecoder.scopeSpansMembers
        let logs = OTLPJSONDecoder.scopeLogsMembers
        #expect((0..<4).map { resource.after($0) } == [1, 3, 3, 0])
        #expect((0..<3).map { scope.after($0) } == [2, 2, 0])
        #expect((0..<4).map { logs.after($0) } == [2, 2, 3, 0])
        #expect(MemberNames("resource", "scopeSpans", "x").after(1) == 0)  // one letter: no compact form
    }

    /// The same two resource objects (two services, two scopes) written six ways, one a line.
    @Test(arguments: [
        // compact, in the collector's order
        #"{"resource":{R},"scopeSpans":[{"scope":{S},"spans":[{P}]}],"schemaUrl":""}"#,
        // spaced, scopes before the resource, unknown members and nulls between
        #"{ "x" : 1 , "scopeSpans" : [ { "spans" : [ {P} ] , "scope" : {S} , "y":null } ] , "schemaUrl":null, "resource" : {R} }"#,
        // escaped key bytes
        #"{"resourc\u0065":{R},"scope\u0053pans":[{"scop\u0065":{S},"sp\u0061ns":[{P}]}]}"#,
        // snake_case
        #"{"resource":{R},"scope_spans":[{"scope":{S},"spans":[{P}]}],"schema_url":""}"#,
        // before v0.19
        #"{"resource":{R},"instrumentationLibrarySpans":[{"instrumentationLibrary":{S},"spans":[{P}]}]}"#,
        #"{"instrumentation_library_spans":[{"spans":[{P}],"instrumentation_library":{S}}],"resource":{R}}"#,
    ])
    func everySpellingOfTheEnvelopeGivesTheSameSpans(_ template: String) throws {
        func object(_ service: String, _ scope: String, _ span: String) -> String {
            template.replacingOccurrences(
                of: "{R}", with: #"{"attributes":[{"key":"service.name","value":{"stringValue":"\#(service)"}}]}"#
            )
            .replacingOccurrences(of: "{S}", with: #"{"name":"\#(scope)","version":"1"}"#)
            .replacingOccurrences(of: "{P}", with: #"{"name":"\#(span)"}"#)
        }
        let line = #"{"resourceSpans":[\#(object("a", "lib-a", "one")),\#(object("b", "lib-b", "two"))]}"#
        // Twice, so that the second line's resources and scopes are the ones known already.
        let file = try #require(decoded(line + "\n" + line + "\n"))
        let spans = file.snapshot.spans
        #expect(spans.map(\.name) == ["one", "two", "one", "two"])
        #expect(spans.map { file.snapshot.serviceName(of: $0) } == ["a", "b", "a", "b"])
        #expect(spans.map { file.snapshot.scope(of: $0).name } == ["lib-a", "lib-b", "lib-a", "lib-b"])
        #expect(file.snapshot.resources.count == 2)
    }
}
