import Foundation
import HTMLValidation
import TelemetryAnalysis
import TelemetryModel
import Testing

@testable import ReportRendering

/// Evidence links resolve to what the pages hold.
@Suite struct FindingLinksTests {
    /// `count` root operations with 20 traces each (two spans a trace), so each has a breakdown.
    static func manyOperations(_ count: Int) -> Snapshot {
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("api"))]))
        var spans: [Span] = []
        var trace: UInt64 = 0
        for op in 0..<count {
            for k in 0..<20 {
                trace += 1
                let start = Int64(trace) * 100, slow: Int64 = k >= 18 ? 40_000 : 0
                spans.append(
                    Fixtures.span(trace, trace * 2, name: "GET /op\(op)", startMs: start, durationMicros: 2_000 + slow, resource: 0))
                spans.append(
                    Fixtures.span(
                        trace, trace * 2 + 1, parent: trace * 2, name: "work", startMs: start, durationMicros: 1_000 + slow, resource: 0))
            }
        }
        b.add(spans)
        return b.finish()
    }

    /// `compare.html` shows the first 30 breakdowns: a finding about a later one links to the
    /// section (with its count of the rest), not to a panel the page does not have — which made
    /// the render fail its own link check and write nothing (a 100 MB file of 40 services did).
    @Test func aBreakdownBeyondThoseShownLinksToTheSection() throws {
        let analysis = SnapshotAnalysis(snapshot: Self.manyOperations(40))
        #expect(analysis.breakdowns.count == 40)
        let late = analysis.breakdowns[35], early = analysis.breakdowns[3]
        let findings = [late, early].map { b in
            Finding(
                id: "f-" + b.rootName, severity: "medium", title: "Slow \(b.rootName)", detail: "d",
                links: [.breakdown(rootService: b.rootService, rootName: b.rootName, label: "where the time goes")])
        }
        let options = ReportOptions(title: "r", generatedAtNanos: Fixtures.generatedAt, layout: .site, waterfallCount: 3)
        let files = try ReportBuilder(analysis: analysis, options: options, findings: findings).render()
        let docs = files.filter { $0.path.hasSuffix(".html") }.map { HTMLDocument(path: $0.path, text: $0.contents) }
        #expect(HTMLValidator().validate(docs) == [])
        let index = try #require(files.first { $0.path == "index.html" }).contents
        #expect(index.contains("href=\"compare.html#breakdowns\""))
        #expect(index.contains("href=\"compare.html#breakdown-3\""))
        #expect(!index.contains("compare.html#breakdown-35"))
    }
}
