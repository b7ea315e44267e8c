import TelemetryModel
import Testing
import Vocabulary

@testable import TelemetryAnalysis

/// A trace's services (`TraceServiceSets`, through `TraceAssembler`): the sorted distinct service
/// names of its spans' resources, whether its resources fit in a word of bits or not, one array
/// shared by every trace with the same services.
struct TraceServiceSetsTests {
    /// 70 resources of 35 services (two resources a service), so that sets of bits, lists of
    /// resources past 63 and services named twice all occur, against the names read span by span.
    @Test func servicesAreTheSortedNamesOfTheTracesResources() {
        let services = (0..<70).map { "svc-\($0 / 2)" }
        var random = SplitMix64(seed: 3)
        var spans: [Span] = []
        for trace in 1...1500 {
            let wide = trace % 3 == 0
            for s in 0..<Int(1 + random.next() % 5) {
                let resource = Int32(random.next() % (wide ? 70 : 8))
                spans.append(
                    Fixtures.span(
                        UInt64(trace), UInt64(trace * 10 + s), parent: s == 0 ? 0 : UInt64(trace * 10), start: Int64(s), ms: 1,
                        resource: resource))
            }
        }
        // Two resources a service (told apart by their host), so their indexes differ.
        var builder = SnapshotBuilder()
        for (r, service) in services.enumerated() {
            _ = builder.intern(
                Resource(attributes: [
                    Attribute(key: "service.name", value: .string(service)), Attribute(key: "host.name", value: .string("h\(r)")),
                ]))
        }
        builder.add(spans)
        let snapshot = builder.finish()
        #expect(snapshot.resources.count == 70)
        let traces = TraceAssembler.assemble(snapshot)
        #expect(traces.count == 1500)
        for trace in traces {
            let expected = Set(trace.spanRange.map { snapshot.resources[Int(snapshot.spans.resourceIndexes[$0])].serviceName }).sorted()
            #expect(trace.services == expected)
        }
        // Every trace with the same services has the same array, whatever its resources (two
        // resources a service, sets of bits and lists alike): 1,500 traces are one chunk of the
        // assembly's work, whose lists these are.
        func resources(_ trace: TraceSummary) -> Set<Int32> { Set(trace.spanRange.map { snapshot.spans.resourceIndexes[$0] }) }
        let byNames = Dictionary(grouping: traces, by: \.services)
        #expect(byNames.values.contains { group in Set(group.map(resources)).count > 1 })
        for (_, group) in byNames {
            #expect(group.allSatisfy { $0.services.sharesStorage(with: group[0].services) })
        }
    }
}
