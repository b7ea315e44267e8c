import Foundation
import TelemetryAnalysis
import TelemetryModel
import Testing

@testable import ReportRendering

/// Pages are built on several threads (the traces page on its own); the files must still come
/// out in page order, whatever finished first.
@Suite struct ConcurrentPagesTests {
    @Test func pagesComeBackInPageOrder() {
        let refs: [PageRef] = [.index, .dashboard("a"), .dashboard("b"), .traces, .compare, .services, .logs]
        #expect(ReportBuilder.concurrently(refs) { "page \($0)" } == refs.indices.map { "page \($0)" })
        let noTraces: [PageRef] = [.index, .compare]
        #expect(ReportBuilder.concurrently(noTraces) { $0 * 10 } == [0, 10])
        #expect(ReportBuilder.concurrently([.traces]) { $0 + 1 } == [1])
        #expect(ReportBuilder.concurrently([.traces, .index]) { $0 } == [0, 1])
        #expect(ReportBuilder.concurrently([.index, .traces]) { $0 } == [0, 1])
        // With the data, one more, last, built right after the traces page (handed out second).
        #expect(ReportBuilder.concurrently(refs, withData: true) { "file \($0)" } == (0...refs.count).map { "file \($0)" })
        #expect(ReportBuilder.concurrently([], withData: true) { $0 } == [0])
        #expect(ReportBuilder.taskOrder(refs, withData: true) == [3, 7, 0, 1, 2, 4, 5, 6])
        #expect(ReportBuilder.taskOrder(noTraces, withData: true) == [2, 0, 1])
    }

    /// Findings detected beside the render context are the findings `Findings.detect` gives,
    /// and the files are those of the builder made from them, byte for byte, in both layouts.
    @Test func findingsDetectedBesideTheContextChangeNothing() throws {
        for snapshot in [Fixtures.small(), Fixtures.hostile(), Self.growingTail()] {
            let analysis = SnapshotAnalysis(snapshot: snapshot)
            for layout in [ReportOptions.Layout.site, .singleFile] {
                let options = ReportOptions(
                    title: "Fixture report", generatedAtNanos: Fixtures.generatedAt, layout: layout, waterfallCount: 10)
                let made = ReportBuilder.detectingFindings(analysis: analysis, options: options)
                let expected = Findings.detect(analysis)
                #expect(made.findings.map(\.id) == expected.map(\.id))
                #expect(made.findings.map(\.title) == expected.map(\.title))
                let files = try made.builder.render()
                let reference = try ReportBuilder(analysis: analysis, options: options, findings: expected).render()
                #expect(files.map(\.path) == reference.map(\.path))
                #expect(files.map(\.contents) == reference.map(\.contents))
                #expect(files.last?.path == (layout == .site ? "report.json" : "report.html"))
            }
        }
        // The last snapshot has findings to lose: a latency tail that grew tenfold and errors.
        let found = ReportBuilder.detectingFindings(
            analysis: SnapshotAnalysis(snapshot: Self.growingTail()),
            options: ReportOptions(title: "t", generatedAtNanos: Fixtures.generatedAt, layout: .site, waterfallCount: 10)
        ).findings
        #expect(found.contains { $0.id == "tail-1" })
        #expect(found.contains { $0.kind == .errorRate })
    }

    /// The page shell is made beside the findings too; a template that does not parse still
    /// fails the render with its place, as when the shell is made with the pages (a builder made
    /// from the same findings), and no file is made.
    @Test func aTemplateThatDoesNotParseFailsTheRenderWithItsPlace() {
        let analysis = SnapshotAnalysis(snapshot: Fixtures.small())
        var options = ReportOptions(title: "t", generatedAtNanos: Fixtures.generatedAt, layout: .site, waterfallCount: 10)
        options.resourceOverrides["templates/page.mustache"] = "<html>\n{{#title}}\n</html>\n"
        let made = ReportBuilder.detectingFindings(analysis: analysis, options: options)
        var files = 0
        let error = #expect(throws: RenderError.self) { _ = try made.builder.render(each: { _, _ in files += 1 }) }
        let reference = #expect(throws: RenderError.self) {
            _ = try ReportBuilder(analysis: analysis, options: options, findings: made.findings).render()
        }
        #expect(error?.diagnostic?.file == "templates/page.mustache")
        #expect(error?.diagnostic?.line == reference?.diagnostic?.line)
        #expect(error?.description == reference?.description)
        #expect(files == 0)
    }

    /// Sixty one-span traces of one service, a second apart: 10 ms each, but ten of the last
    /// third's take 100 ms, and every twentieth is an error.
    static func growingTail() -> Snapshot {
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("a"))]))
        b.add(
            (0..<60).map { i in
                let ms: Int64 = i >= 40 && i % 2 == 1 && (i - 41) / 2 < 10 ? 100 : 10
                return Fixtures.span(
                    UInt64(i + 1), UInt64(i + 1), name: "op", startMs: Int64(i) * 1000 + 1000 - ms, durationMicros: ms * 1000,
                    resource: 0, error: i % 20 == 0)
            })
        return b.finish()
    }
}
