import Foundation
import TelemetryAnalysis
import TelemetryIngest
import TelemetryModel
import Testing

@testable import DashboardConfig

/// The built-in dashboards written as a dashboard file evaluate to exactly what
/// `SnapshotAnalysis` builds without one: same ids, titles, sources, methods, windows, series
/// names, labels, values (bit for bit) and markers.
@Suite struct DefaultDashboardsTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let example: Snapshot = SnapshotLoader.load(paths: [packageRoot.appendingPathComponent("examples/recommendation-cache").path])
        .snapshot

    /// Every field of every panel as text lines; doubles by bit pattern, so equal means identical.
    static func lines(_ dashboards: [Dashboard]) -> [String] {
        var out: [String] = []
        for d in dashboards {
            out.append("dashboard \(d.id) | \(d.title) | \(d.summary) | \(d.panels.count) panels")
            for p in d.panels {
                out.append(
                    "  panel \(p.id) | \(p.title) | \(p.unit) | \(p.source) | \(p.method) | step \(p.stepSeconds) | window \(p.windowSeconds)"
                )
                out.append("  markers " + p.markers.map { "\($0.time):\($0.label)" }.joined(separator: ","))
                for s in p.series {
                    out.append("    series \(s.name) | \(s.labels.sorted(by: <))")
                    out.append(
                        "    "
                            + s.points.map { "\($0.time)=" + ($0.value.map { String($0.bitPattern, radix: 16) } ?? "nil") }.joined(
                                separator: " "))
                }
            }
        }
        return out
    }

    static func compare(_ snapshot: Snapshot, focus: String? = nil) throws {
        let analysis = SnapshotAnalysis(snapshot: snapshot, options: .init(focusService: focus))
        let grid = try #require(analysis.grid)
        // The analysis' snapshot: container resources already mapped to their services.
        let fromSpec = DashboardEvaluator(
            snapshot: analysis.snapshot, services: analysis.services, focus: analysis.focusService, grid: grid
        )
        .evaluate(.builtIn)
        let expected = lines(analysis.dashboards), actual = lines(fromSpec)
        #expect(expected.count == actual.count)
        if let i = expected.indices.first(where: { $0 < actual.count && expected[$0] != actual[$0] }) {
            Issue.record("first difference at line \(i):\n  built-in: \(expected[i].prefix(400))\n  spec:     \(actual[i].prefix(400))")
        }
    }

    @Test func exampleSnapshot() throws {
        let snapshot = Self.example
        try #require(!snapshot.spans.isEmpty && !snapshot.metrics.isEmpty)
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        // The example exercises what matters: span metrics, CPU label sets, restart markers.
        let panels = analysis.dashboards.flatMap(\.panels)
        #expect(panels.contains { $0.id == "cpu" && $0.series.count > 1 && !$0.markers.isEmpty })
        #expect(panels.contains { $0.id.hasPrefix("latency-") && $0.source != "spans" })
        try Self.compare(snapshot)
    }

    /// A real capture of the demo: container metrics (docker_stats) mapped by container name,
    /// the optional container-CPU panel present.
    @Test func demoCaptureWithContainerMetrics() throws {
        let capture = Self.packageRoot.deletingLastPathComponent().appendingPathComponent(
            "shared/corpus/otlp-json/otel-tui/test_data.jsonl")
        guard FileManager.default.fileExists(atPath: capture.path) else { return }
        let snapshot = SnapshotLoader.load(paths: [capture.path]).snapshot
        for focus in ["recommendationservice", "flagd"] {
            let analysis = SnapshotAnalysis(snapshot: snapshot, options: .init(focusService: focus))
            let panels = analysis.dashboards[0].panels
            #expect(panels.map(\.id) == ["cpu", "memory", "container-cpu"], "\(focus)")
            #expect(panels.first { $0.id == "memory" }?.source == "container.memory.usage.total")
            try Self.compare(snapshot, focus: focus)
        }
    }

    @Test func exampleWithAnotherFocusService() throws {
        try Self.compare(Self.example, focus: "frontend")
        try Self.compare(Self.example, focus: "no-such-service")
    }

    @Test func snapshotWithoutMetrics() throws {
        var snapshot = Self.example
        snapshot.metrics = []
        try Self.compare(snapshot)
    }

    @Test func snapshotWithoutSpans() throws {
        var snapshot = Self.example
        snapshot.spans = SpanTable()
        try Self.compare(snapshot)
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        // Without spans, the focus is the service that reports runtime metrics.
        #expect(analysis.focusService == "recommendationservice")
        #expect(analysis.dashboards[0].title == "recommendationservice: CPU and memory")
        #expect(analysis.dashboards[0].panels.map(\.id) == ["cpu", "memory"])
    }

    @Test func cliBuilderUsesTheSpec() throws {
        let options = SnapshotAnalysis.Options(
            dashboards: DashboardEvaluator.builder(
                try DashboardSpec.parse(
                    """
                    dashboards:
                      - id: only
                        title: Only
                        panels: []
                    """, file: "x.yaml")))
        let analysis = SnapshotAnalysis(snapshot: Self.example, options: options)
        #expect(analysis.dashboards.map(\.id) == ["only"])
    }

    @Test func runtimeMetricNamesMatchTheLibrary() throws {
        let resources = try #require(DashboardSpec.builtIn.dashboards.first { $0.id == "resources" })
        #expect(
            resources.panels.map(\.source) == [
                .metric(RuntimeMetricNames.cpuTime), .metric(RuntimeMetricNames.memory), .metric(RuntimeMetricNames.containerCPU),
            ])
    }

    /// The README's example is a valid dashboard file.
    @Test func readmeExampleParses() throws {
        let readme = try String(contentsOf: Self.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "### Custom dashboards"))
        let start = try #require(readme.range(of: "```yaml\n", range: section.upperBound..<readme.endIndex))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let spec = try DashboardSpec.parse(String(readme[start.upperBound..<end.lowerBound]), file: "README.md")
        #expect(spec.dashboards.first?.panels.count == 3)
        let panels = DashboardEvaluator(
            snapshot: Self.example, serviceNames: ["frontend", "recommendationservice"], focus: "recommendationservice",
            grid: try #require(SnapshotAnalysis(snapshot: Self.example).grid)
        ).evaluate(spec)[0].panels
        #expect(panels.map(\.id) == ["recommendationservice-gc-time", "p99-by-route", "recommendationservice-latency", "frontend-latency"])
    }

    /// The compiled-in copy (SwiftPM `.embedInCode`) is the editable file, byte for byte.
    @Test func embeddedDefaultMatchesTheFile() throws {
        let onDisk = try String(contentsOf: Self.packageRoot.appendingPathComponent("dashboards/default.yaml"), encoding: .utf8)
        #expect(DefaultDashboards.yaml == onDisk)
    }
}
