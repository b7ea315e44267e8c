import Foundation
import ReportPipeline
import TelemetryModel
import Testing
import Vocabulary

/// A whole render driven in-process through `RenderPipeline.run` — the call `otel-report render`
/// makes — checked against the golden hashes the subprocess renders recorded, for determinism,
/// and for its failures (located, and leaving nothing behind).
@Suite struct RenderPipelineTests {
    static let generatedAt = "2026-01-15T12:00:00Z"

    @Test(.enabled(if: PipelineFixtures.runsFromPackageRoot))
    func theExampleRendersInProcessToTheGoldenBytes() throws {
        let work = try PipelineFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        var request = RenderRequest(inputs: ["examples/recommendation-cache"], output: work.appendingPathComponent("site").path)
        request.generatedAt = Self.generatedAt
        let result = try RenderPipeline.run(request)
        let written = PipelineFixtures.files(in: work.appendingPathComponent("site"))
        let golden = try PipelineFixtures.golden("example/")
        #expect(Set(written.keys) == Set(golden.keys))
        #expect(Set(result.files) == Set(golden.keys))
        for (path, data) in written {
            #expect(PipelineFixtures.sha256(data) == golden[path], "\(path) differs from the subprocess render's bytes")
        }
        #expect(result.entryPage == request.output + "/index.html")
        #expect(result.diagnostics.isEmpty && result.warnings.isEmpty)
        #expect(result.spanCount > 0 && result.traceCount > 0 && result.traceCount <= result.spanCount)
    }

    @Test(.enabled(if: PipelineFixtures.runsFromPackageRoot))
    func twoRendersOfTheExampleAreByteIdentical() throws {
        let work = try PipelineFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        var outputs: [Data] = []
        for name in ["a.html", "b.html"] {
            var request = RenderRequest(inputs: ["examples/recommendation-cache"], output: work.appendingPathComponent(name).path)
            request.generatedAt = Self.generatedAt
            let result = try RenderPipeline.run(request)
            #expect(result.files == [name])
            outputs.append(try Data(contentsOf: work.appendingPathComponent(name)))
        }
        #expect(outputs[0] == outputs[1])
        #expect(PipelineFixtures.sha256(outputs[0]) == (try PipelineFixtures.golden(""))["single.html"])
    }

    @Test func theWhereNoteCountsTracesFromTheOneAssembly() throws {
        let work = try PipelineFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        var request = try PipelineFixtures.twoTracesRequest(in: work)
        request.whereExpression = "service=checkout"
        var warnings: [String] = []
        var phases: [String] = []
        let observer = PipelineObserver(warning: { warnings.append($0) }, phaseEnded: { phases.append($0) })
        let result = try RenderPipeline.run(request, observer: observer)
        #expect(result.traceCount == 1)
        #expect(result.spanCount == 2)
        #expect(result.serviceCount == 1)
        #expect(warnings.isEmpty)
        #expect(phases == ["read", "filter", "analyse", "render", "validate", "write"])
        let json = try String(contentsOf: work.appendingPathComponent("r/report.json"), encoding: .utf8)
        #expect(json.contains("Only traces matching --where service=checkout are included: 1 of 2 traces."))
    }

    @Test func aWhereThatMatchesNothingWarnsAndStillRenders() throws {
        let work = try PipelineFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        var request = try PipelineFixtures.twoTracesRequest(in: work)
        request.whereExpression = "service=nowhere"
        request.service = "nowhere"
        var warnings: [String] = []
        let result = try RenderPipeline.run(request, observer: PipelineObserver(warning: { warnings.append($0) }))
        #expect(result.warnings == ["--where service=nowhere matched no trace", "--service nowhere has no spans in the snapshot"])
        #expect(warnings == result.warnings)
        #expect(result.traceCount == 0)
        let json = try String(contentsOf: work.appendingPathComponent("r/report.json"), encoding: .utf8)
        #expect(json.contains("are included: 0 of 2 traces."))
    }

    @Test func aBadWhereIsAUsageFailureNamingTheExpression() throws {
        var request = RenderRequest(inputs: ["in"], output: "out")
        request.whereExpression = "duration>fast"
        let failure = try #require(throws: PipelineFailure.self) { try RenderPipeline.run(request) }
        #expect(failure.kind == .usage)
        #expect(failure.exitStatus == 64)
        #expect(failure.messages.count == 1)
        #expect(failure.messages[0].hasPrefix("--where 'duration>fast': "))
    }

    @Test(arguments: [
        ("--from", "yesterday"), ("--to", "-15x"), ("--to", "-9223372036854775807d"),
    ])
    func aBadTimeBoundIsAUsageFailure(flag: String, value: String) throws {
        var request = RenderRequest(inputs: ["in"], output: "out")
        if flag == "--from" { request.from = value } else { request.to = value }
        let failure = try #require(throws: PipelineFailure.self) { try RenderPipeline.run(request) }
        #expect(failure.kind == .usage)
        #expect(failure.messages == ["\(flag) '\(value)' is neither an RFC 3339 time nor a relative time such as -15m"])
    }

    @Test func aBaselineWithoutItsEndIsAUsageFailure() throws {
        var request = RenderRequest(inputs: ["in"], output: "out")
        request.baselineFrom = "-30m"
        let failure = try #require(throws: PipelineFailure.self) { try RenderPipeline.run(request) }
        #expect(failure.exitStatus == 64)
        #expect(
            failure.messages == [
                "--baseline-from and --baseline-to go together: give both, or neither for the first third against the last"
            ])
    }

    @Test func aBaselineThatEndsBeforeItStartsFailsAfterReadingAndWritesNothing() throws {
        let work = try PipelineFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        var request = try PipelineFixtures.twoTracesRequest(in: work)
        request.baselineFrom = "-10s"
        request.baselineTo = "-50s"
        let failure = try #require(throws: PipelineFailure.self) { try RenderPipeline.run(request) }
        #expect(failure.exitStatus == 64)
        #expect(failure.messages == ["--baseline-from -10s is after --baseline-to -50s"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == ["traces.json"])
    }

    @Test func aTimeRangeKeepsOnlyTheTracesInIt() throws {
        let work = try PipelineFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        var request = try PipelineFixtures.twoTracesRequest(in: work)
        request.from = "-30s"  // the cart trace starts at the end; the checkout one a minute earlier
        let result = try RenderPipeline.run(request)
        #expect(result.traceCount == 1)
        #expect(result.spanCount == 1)
    }

    /// A file with an error is located (file:line:col and JSON path); with `strict` the run stops
    /// before anything is written: no report, no staging folder beside it.
    @Test func aBadInputIsLocatedAndLeavesNoOutputBehind() throws {
        let work = try PipelineFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let good = work.appendingPathComponent("good.json"), bad = work.appendingPathComponent("bad.json")
        try PipelineFixtures.twoTraces.write(to: good, atomically: true, encoding: .utf8)
        try #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz","spanId":"b7ad6b7169203331","name":"a"}]}]}]}"#
            .write(to: bad, atomically: true, encoding: .utf8)
        var request = RenderRequest(inputs: [good.path, bad.path], output: work.appendingPathComponent("r").path)
        request.strict = true
        var seen: [Diagnostic] = []
        let failure = try #require(throws: PipelineFailure.self) {
            try RenderPipeline.run(request, observer: PipelineObserver(diagnostic: { seen.append($0) }))
        }
        #expect(failure.kind == .input)
        #expect(failure.exitStatus == 1)
        #expect(failure.messages == ["--strict: input errors above"])
        let error = try #require(failure.diagnostics.first { $0.severity == .error })
        #expect(error.file == bad.path)
        #expect(error.line == 1)
        #expect(error.column > 1)
        #expect(error.path.hasSuffix("traceId"))
        #expect(seen == failure.diagnostics)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).sorted() == ["bad.json", "good.json"])
    }

    /// Without `strict` the bad file is skipped and reported in the result; the report is written.
    @Test func aBadInputIsSkippedAndCountedWithoutStrict() throws {
        let work = try PipelineFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let good = work.appendingPathComponent("good.json"), bad = work.appendingPathComponent("bad.json")
        try PipelineFixtures.twoTraces.write(to: good, atomically: true, encoding: .utf8)
        try "{\"resourceSpans\": [\n  {\"scopeSpans\": 7}\n]}".write(to: bad, atomically: true, encoding: .utf8)
        var request = RenderRequest(inputs: [good.path, bad.path], output: work.appendingPathComponent("r.html").path)
        request.generatedAt = Self.generatedAt
        let result = try RenderPipeline.run(request)
        #expect(result.inputErrorCount == 1)
        let error = try #require(result.diagnostics.first)
        #expect(error.file == bad.path && error.line == 2 && error.column > 0)
        #expect(result.traceCount == 2)
        #expect(FileManager.default.fileExists(atPath: request.output))
    }

    @Test func onlyBadInputsFailWithNothingWritten() throws {
        let work = try PipelineFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let bad = work.appendingPathComponent("bad.json")
        try "{\"resourceSpans\": [\n  {\"scopeSpans\": 7}\n]}".write(to: bad, atomically: true, encoding: .utf8)
        let request = RenderRequest(inputs: [bad.path], output: work.appendingPathComponent("r").path)
        let failure = try #require(throws: PipelineFailure.self) { try RenderPipeline.run(request) }
        #expect(failure.messages == ["no usable telemetry in \(bad.path): 1 input(s) failed, none held spans, metrics or logs"])
        #expect(failure.diagnostics.count == 1 && failure.diagnostics[0].line == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == ["bad.json"])
    }

    /// A dashboard file's error keeps its location and stops the run before the inputs are read.
    @Test func aBadDashboardFileIsALocatedFailure() throws {
        let work = try PipelineFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let file = work.appendingPathComponent("d.yaml")
        try "dashboards:\n  - title: [unclosed\n".write(to: file, atomically: true, encoding: .utf8)
        var request = RenderRequest(
            inputs: [work.appendingPathComponent("missing.json").path], output: work.appendingPathComponent("r").path)
        request.dashboards = file.path
        let failure = try #require(throws: PipelineFailure.self) { try RenderPipeline.run(request) }
        let located = try #require(failure.dashboardError)
        #expect(located.file == file.path && located.line >= 2)
        #expect(failure.exitStatus == 1 && failure.diagnostics.isEmpty)
    }
}
