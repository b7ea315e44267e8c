import Foundation
import ReportPipeline
import Testing

/// Failures that come late in a run (after the pages are rendered) leave an earlier report at
/// the output exactly as it was, and the inventory (`inspect`) answers in-process.
@Suite struct PipelineFailureTests {
    /// A page template with an inline event handler renders, then fails validation: the failure
    /// lists the problems, blames the user's files (exit 1, not a bug) and the earlier report
    /// stays byte for byte.
    @Test func pagesFailingValidationLeaveTheEarlierReportUntouched() throws {
        let work = try PipelineFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        var request = try PipelineFixtures.twoTracesRequest(in: work)
        let output = URL(fileURLWithPath: request.output)
        _ = try RenderPipeline.run(request)
        let before = PipelineFixtures.files(in: output)
        #expect(before["report.json"] != nil)

        let shell = try String(contentsOf: PipelineFixtures.packageRoot.appendingPathComponent("templates/page.mustache"), encoding: .utf8)
        try FileManager.default.createDirectory(at: work.appendingPathComponent("t"), withIntermediateDirectories: true)
        try shell.replacingOccurrences(of: "<footer>", with: "<footer onclick=\"alert(1)\">")
            .write(to: work.appendingPathComponent("t/page.mustache"), atomically: true, encoding: .utf8)
        request.templates = work.appendingPathComponent("t").path
        request.generatedAt = "2026-02-01T00:00:00Z"
        var phases: [String] = []
        let failure = try #require(throws: PipelineFailure.self) {
            try RenderPipeline.run(request, observer: PipelineObserver(phaseEnded: { phases.append($0) }))
        }
        #expect(phases == ["read", "filter", "analyse", "render"])
        #expect(failure.kind == .input)
        #expect(failure.messages.count == 1)
        #expect(!failure.located.isEmpty)
        #expect(
            failure.located.allSatisfy { $0.description.contains("onclick") || $0.description.contains("handler") },
            "\(failure.located)")
        #expect(
            failure.messages.last?.hasSuffix(
                "validation problem(s) in pages made with the files given with --templates: nothing was written") == true)
        #expect(PipelineFixtures.files(in: output) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).sorted() == ["r", "t", "traces.json"])
    }

    @Test func aTemplatesFolderWithNothingInItIsAnInputFailure() throws {
        let work = try PipelineFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        var request = RenderRequest(inputs: [work.appendingPathComponent("none.json").path], output: work.appendingPathComponent("r").path)
        request.templates = work.path
        let failure = try #require(throws: PipelineFailure.self) { try RenderPipeline.run(request) }
        #expect(failure.exitStatus == 1)
        #expect(
            failure.messages == ["--templates \(work.path): no page.mustache, report.css, filter-language.js or trace-explorer.js there"])
    }

    @Test func theInventoryCountsTracesServicesAndTheRange() throws {
        let work = try PipelineFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let inputs = try PipelineFixtures.twoTracesRequest(in: work).inputs
        let inventory = try Inventory.take(inputs: inputs, backend: BackendSettings(), from: nil, to: nil)
        #expect(inventory.traceCount == 2)
        #expect(inventory.snapshot.spans.count == 3)
        #expect(inventory.services.map(\.name).sorted() == ["cart", "checkout"])
        #expect(inventory.timeRange == 1_768_471_200_000_000_000...1_768_471_260_020_000_000)
        #expect(!inventory.isEmpty && inventory.usableFileCount == 1)
        #expect(inventory.json.contains("\"spanCount\": 3,\n  \"traceCount\": 2,\n"))
        #expect(inventory.text.contains("3 spans in 2 traces; 0 metric series with 0 points"))
        #expect(inventory.text.contains("time range: 2026-01-15T10:00:00Z → 2026-01-15T10:01:00.02Z"))
    }
}
