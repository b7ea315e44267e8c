import TelemetryAnalysis
import TelemetryModel
import Testing
import Vocabulary

@testable import ReportRendering

/// The waterfalls' usual values come from the analysis's counts (`operationValues`), and are
/// those counted again from the snapshot.
@Suite struct VaryingAttributesTests {
    @Test func analysisCountsGiveTheSameUsualValues() throws {
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("recommendation"))]))
        let t0: Int64 = 1_700_000_000_000_000_000
        var spans: [Span] = []
        for k in 0..<400 {
            let missed = k % 7 == 0
            let attributes: [Attribute] = [
                Attribute(key: "app.cache_hit", value: .bool(!missed)),
                Attribute(key: "app.products.count", value: .int(missed ? 5000 : Int64(k % 5))),
                Attribute(key: "request.id", value: .string("r-\(k)")),
            ]
            let start = t0 + Int64(k) * 1000
            spans.append(
                Span(
                    traceID: TraceID(high: 0, low: UInt64(k + 1)), spanID: SpanID(UInt64(k + 1)), parentSpanID: SpanID(0),
                    name: k % 3 == 0 ? "get_product_list" : "list", kind: .server, startTimeUnixNano: start,
                    endTimeUnixNano: start + 500, status: .unset, attributes: attributes, resourceIndex: 0))
        }
        b.add(spans)
        let analysis = SnapshotAnalysis(snapshot: b.finish())
        let values: OperationValues = try #require(analysis.operationValues)
        let fromAnalysis = VaryingAttributes(analysis.snapshot, values: values)
        let counted = VaryingAttributes(analysis.snapshot)
        #expect(fromAnalysis.keys == counted.keys && fromAnalysis.typical == counted.typical)
        #expect(fromAnalysis.keys(service: "recommendation", name: "get_product_list") == ["app.cache_hit", "app.products.count"])
        #expect(fromAnalysis.typical[.init(service: "recommendation", name: "list")]?["app.cache_hit"] == .bool(true))
    }
}
