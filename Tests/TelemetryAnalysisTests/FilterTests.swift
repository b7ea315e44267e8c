import TelemetryModel
import Testing

@testable import TelemetryAnalysis

/// Keep/drop decisions of the filter language (DESIGN §1) on `FilterFixture`'s three traces.
@Suite struct FilterTests {
    /// The low halves of the trace ids `keepingTraces` keeps, checked against the other two
    /// ways of evaluating (per trace with `SpanFilter`, with a `FilterEvaluator`).
    static func keptTraces(_ expression: String) throws -> [UInt64] {
        let snapshot = FilterFixture.snapshot
        let filter = try SpanFilter(parsing: expression)
        let kept = snapshot.keepingTraces(matching: filter)
        let ids = kept.spans.map(\.traceID.low).reduce(into: [UInt64]()) { if $0.last != $1 { $0.append($1) } }
        let traces = TraceAssembler.assemble(snapshot)
        let evaluator = FilterEvaluator(filter, snapshot: snapshot)
        #expect(traces.filter { filter.matches(trace: $0, in: snapshot) }.map(\.traceID.low) == ids)
        #expect(traces.filter { evaluator.matches(trace: $0) }.map(\.traceID.low) == ids)
        return ids
    }

    static let fieldCases: [(String, [UInt64])] = [
        ("", [1, 2, 3]),
        ("   ", [1, 2, 3]),
        ("service=frontend", [1, 2]),
        ("service=cart", [1]),
        ("service=unknown_service", [3]),
        ("service!=frontend", [1, 3]),
        ("name=\"GET /api\"", [2]),
        ("name=cart.get", [1]),
        ("name!=cart.get", [1, 2, 3]),
        ("status=error", [1]),
        ("status=ok", [1]),
        ("status=unset", [2, 3]),
        ("status!=unset", [1]),
        ("kind=server", [1]),
        ("kind=client", [1]),
        ("kind=internal", [2]),
        ("kind=producer", [3]),
        ("kind=consumer", []),
        ("kind!=server", [1, 2, 3]),
        ("trace=1", [1]),
        ("traceId=00000000000000000000000000000002", [2]),
        ("trace!=1", [2, 3]),
        // 8 to 31 hex digits also match as a prefix of the 32-digit id (ids here are 0…01–0…03).
        ("trace=00000000", [1, 2, 3]),
        ("trace=0000000000000000000000000000000", [1, 2, 3]),
        ("trace!=00000000", []),
        ("trace=00000001", [1]),  // not a prefix of any; left-padded it is trace 1
        ("trace=0000000", []),  // 7 digits: only the padded id 0…0, which no trace has
        ("trace=10000000", []),
    ]

    @Test(arguments: fieldCases)
    func fieldsCompareAsTheirType(expression: String, expected: [UInt64]) throws {
        #expect(try Self.keptTraces(expression) == expected, "\(expression)")
    }

    static let durationCases: [(String, [UInt64])] = [
        ("duration>1s", [1]),
        ("duration>=1.2s", [1]),
        ("duration>1.2s", []),
        ("duration>=0.02m", [1]),
        ("duration<1h", [1, 2, 3]),
        ("duration=300ms", [1]),
        ("duration!=300ms", [1, 2, 3]),
        ("duration<=50ms", [2, 3]),
        ("duration<50", [3]),  // a plain number is milliseconds
        ("duration<=50", [2, 3]),
        ("duration<11us", [3]),
        ("duration<10µs", []),
        ("duration<10000ns", []),
        ("duration<=10000ns", [3]),
        ("duration>250ms", [1]),
    ]

    @Test(arguments: durationCases)
    func durationsCompareInNanosecondsWithUnits(expression: String, expected: [UInt64]) throws {
        #expect(try Self.keptTraces(expression) == expected, "\(expression)")
    }

    static let attributeCases: [(String, [UInt64])] = [
        // int attributes compare numerically; string attributes compare text, or as numbers for ordering.
        ("http.status_code=200", [1]),
        ("http.status_code=200.0", [1]),
        ("http.status_code=2e2", [1]),
        ("http.status_code=\"200\"", []),
        ("http.status_code=404", [3]),
        ("http.status_code=\"404\"", [3]),
        ("http.status_code!=200", [2, 3]),
        ("http.status_code>=500", [2]),
        ("http.status_code>=400", [2, 3]),
        ("http.status_code<300", [1]),
        ("app.products.count>1000", [1, 2]),
        ("app.products.count>1500", [2]),
        ("app.products.count<=1500", [1]),
        ("http.method>1", []),
        // doubles
        ("app.ratio<1", [1]),
        ("app.ratio>1", [3]),
        ("app.ratio=0.25", [1]),
        ("app.ratio=1.5", [3]),
        ("app.ratio>=0.25", [1, 3]),
        ("app.ratio!=0.25", [3]),
        // bools, with span attributes winning over the resource's
        ("app.cache_hit=false", [1]),
        ("app.cache_hit=true", [1, 3]),
        ("app.cache_hit!=true", [1]),
        ("app.cache_hit=\"true\"", []),
        ("app.cache_hit=1", []),
        ("app.cache_hit=false service=cart", [1]),
        ("app.cache_hit=true service=cart", []),
        // strings, quoted values
        ("http.method=GET", [1]),
        ("http.method=get", []),
        ("region=\"eu west\"", [1, 2]),
        ("note=\"a b \\\"c\\\"\"", [1]),
        // resource attributes
        ("service.name=cart", [1]),
        ("deployment.environment=prod", [1, 2]),
        ("host.name=h1", [3]),
        // exists / not exists; a missing key never matches !=
        ("service.name", [1, 2]),
        ("!service.name", [3]),
        ("app.cache_hit", [1, 3]),
        ("!app.cache_hit", [2]),
        ("http.method!=POST", [1]),
        ("service.name!=cart", [1, 2]),
        ("missing.key=1", []),
        ("missing.key!=1", []),
        ("!missing.key", [1, 2, 3]),
        // an attribute named like a field
        ("attr.status=weird", [1]),
        ("\"status\"=weird", [1]),
        ("attr.status", [1]),
        ("attr.name", []),
    ]

    @Test(arguments: attributeCases)
    func attributesCompareByType(expression: String, expected: [UInt64]) throws {
        #expect(try Self.keptTraces(expression) == expected, "\(expression)")
    }

    static let conjunctionCases: [(String, [UInt64])] = [
        ("service=cart status=error", [1]),
        ("service=frontend status=error", []),  // error is on the cart span
        ("http.method=GET app.products.count>1000", []),  // two spans of trace 1
        ("http.status_code=200 status=ok kind=server duration<1s", [1]),
        ("service=frontend duration<100ms", [2]),
        ("  service=frontend   duration<100ms  ", [2]),
    ]

    @Test(arguments: conjunctionCases)
    func aTraceMatchesOnlyWhenOneSpanMatchesEveryTerm(expression: String, expected: [UInt64]) throws {
        #expect(try Self.keptTraces(expression) == expected, "\(expression)")
    }

    @Test func singleSpansAreJudgedAlone() throws {
        let snapshot = FilterFixture.snapshot
        let filter = try SpanFilter(parsing: "service=frontend status=ok")
        #expect(snapshot.spans.map { filter.matches($0, in: snapshot) } == [true, false, false, false])
        let evaluator = FilterEvaluator(filter, snapshot: snapshot)
        #expect(snapshot.spans.indices.map { evaluator.matches(spanAt: $0) } == [true, false, false, false])
        #expect(filter.text == "service=frontend status=ok")
        #expect(filter.termCount == 2)
    }

    @Test func keepingTracesKeepsWholeTracesAndLeavesResourcesMetricsAndInputs() throws {
        let snapshot = FilterFixture.snapshot
        let kept = snapshot.keepingTraces(matching: try SpanFilter(parsing: "status=error"))
        #expect(kept.spans.map(\.spanID.value) == [1, 2])
        #expect(kept.resources == snapshot.resources)
        #expect(kept.metrics.map(\.name) == ["calls"])
        #expect(kept.inputs == snapshot.inputs)
        let none = snapshot.keepingTraces(matching: try SpanFilter(parsing: "status=error kind=producer"))
        #expect(none.spans.isEmpty)
        #expect(none.resources.count == 3)
    }

    @Test func unsortedSnapshotsAreStillFilteredByWholeTraces() throws {
        var snapshot = FilterFixture.snapshot
        snapshot.spans = SpanTable([snapshot.spans[1], snapshot.spans[2], snapshot.spans[0], snapshot.spans[3]])
        let kept = snapshot.keepingTraces(matching: try SpanFilter(parsing: "service=cart"))
        #expect(kept.spans.map(\.spanID.value) == [2, 1])
    }

    @Test func aSpanWithAResourceIndexOutOfRangeHasAnEmptyResource() throws {
        var snapshot = FilterFixture.snapshot
        snapshot.spans.resourceIndexes[3] = 42
        #expect(snapshot.keepingTraces(matching: try SpanFilter(parsing: "service=unknown_service")).spans.map(\.spanID.value) == [4])
        #expect(snapshot.keepingTraces(matching: try SpanFilter(parsing: "!app.cache_hit")).spans.map(\.spanID.value) == [3, 4])
    }
}
