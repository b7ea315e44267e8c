import Foundation
import TelemetryIngest
import TelemetryModel
import Testing

@testable import DashboardConfig
@testable import TelemetryAnalysis

/// The built-in dashboards are `dashboards/default.yaml` run through the one evaluator: the
/// panels it yields on the example and a real capture, the roles findings find them by, and
/// that a copy with every id renamed still gets every finding.
@Suite struct DefaultDashboardsTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let example: Snapshot = SnapshotLoader.load(paths: [packageRoot.appendingPathComponent("examples/recommendation-cache").path])
        .snapshot

    @Test func exampleSnapshot() throws {
        let snapshot = Self.example
        try #require(!snapshot.spans.isEmpty && !snapshot.metrics.isEmpty)
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        #expect(analysis.dashboards.map(\.id) == ["resources", "latency", "errors"])
        // The example exercises what matters: span metrics, CPU label sets, restart markers.
        let panels = analysis.dashboards.flatMap(\.panels)
        #expect(panels.contains { $0.id == "cpu" && $0.role == .cpu && $0.series.count > 1 && !$0.markers.isEmpty })
        #expect(panels.contains { $0.id.hasPrefix("latency-") && $0.role == .latency && $0.source != "spans" })
        // The memory chart shows the CPU counter's restarts (`markersFrom: cpu`).
        let cpu = try #require(panels.first { $0.role == .cpu }), memory = try #require(panels.first { $0.role == .memory })
        #expect(memory.markers.map(\.time) == cpu.markers.map(\.time))
        // Every service's latency panel carries its service; all-services panels carry none.
        #expect(
            panels.filter { $0.role == .latency }.map(\.service)
                == analysis.dashboards[1].panels.map(\.title).map { $0.replacingOccurrences(of: " latency", with: "") })
        #expect(panels.first { $0.role == .errorRate }?.service == nil)
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
            #expect(panels.map(\.role) == [.cpu, .memory, .containerCPU], "\(focus)")
            #expect(panels.first { $0.id == "memory" }?.source == "container.memory.usage.total")
        }
    }

    @Test func snapshotWithoutSpans() throws {
        var snapshot = Self.example
        snapshot.spans = SpanTable()
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        // Without spans, the focus is the service that reports runtime metrics.
        #expect(analysis.focusService == "recommendationservice")
        #expect(analysis.dashboards[0].title == "recommendationservice: CPU and memory")
        #expect(analysis.dashboards[0].panels.map(\.id) == ["cpu", "memory"])
    }

    @Test func aDashboardFileReplacesTheBuiltIns() throws {
        let options = SnapshotAnalysis.Options(
            dashboards: try DashboardSpec.parse(
                """
                dashboards:
                  - id: only
                    title: Only
                    panels: []
                """, file: "x.yaml"))
        let analysis = SnapshotAnalysis(snapshot: Self.example, options: options)
        #expect(analysis.dashboards.map(\.id) == ["only"])
    }

    /// The roles of the built-in panels, by the inference rule of `PanelRole` (no `role:` key).
    @Test func rolesOfTheBuiltInPanels() {
        let panels = DashboardSpec.builtIn.dashboards.flatMap(\.panels)
        #expect(panels.allSatisfy { $0.explicitRole == nil })
        #expect(panels.map(\.role) == [.cpu, .memory, .containerCPU, .latency, .errorRate, .requestRate])
        #expect(DashboardSpec.builtIn.panel(.memory)?.metricNames.first == "process.runtime.cpython.memory")
    }

    /// `default.yaml` with every dashboard and panel id renamed (and `markersFrom` following
    /// them): the same findings on the example, with their chart links on the renamed panels.
    @Test func renamedIdsGiveTheSameFindings() throws {
        var renamed: [String: String] = [:]
        var lines: [String] = []
        for line in DashboardSpec.builtInText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            guard let r = line.range(of: "id: "), line[..<r.lowerBound].allSatisfy({ $0 == " " || $0 == "-" }) else {
                lines.append(line)
                continue
            }
            let old = line[r.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            let new = "renamed\(renamed.count + 1)" + (old.contains("{service}") ? "-{service}" : "")
            renamed[old] = new
            lines.append(line[..<r.upperBound] + "\"" + new + "\"")
        }
        var text = lines.joined(separator: "\n")
        text = text.replacingOccurrences(of: "markersFrom: cpu", with: "markersFrom: " + renamed["cpu"]!)
        #expect(renamed.count == 9)
        let spec = try DashboardSpec.parse(text, file: "renamed.yaml")
        let ids = Set(spec.dashboards.map(\.id) + spec.dashboards.flatMap(\.panels).compactMap(\.id))
        #expect(ids.isDisjoint(with: renamed.keys))

        let builtIn = SnapshotAnalysis(snapshot: Self.example)
        let custom = SnapshotAnalysis(snapshot: Self.example, options: .init(dashboards: spec))
        let expected = Findings.detect(builtIn), actual = Findings.detect(custom)
        #expect(expected.contains { $0.kind == .memory } && expected.contains { $0.kind == .latencyTail })
        #expect(actual.map(\.id) == expected.map(\.id))
        for (e, a) in zip(expected, actual) {
            #expect(a.title == e.title && a.detail == e.detail && a.evidence == e.evidence && a.severity == e.severity)
            #expect(a.links.map(\.label) == e.links.map(\.label))
            for (le, la) in zip(e.links, a.links) {
                guard case .panel(let d, let p, _) = le else {
                    #expect(la == le)
                    continue
                }
                guard case .panel(let d2, let p2, _) = la else {
                    Issue.record("\(a.id): \(la) is not a panel link")
                    continue
                }
                #expect(d2 == renamed[d] && p2.hasPrefix("renamed") && p2 != p, "\(a.id)")
            }
        }
        // The memory finding links to the renamed memory chart.
        let memory = try #require(actual.first { $0.kind == .memory })
        #expect(memory.links.contains { $0 == .panel(dashboard: renamed["resources"]!, panel: renamed["memory"]!, label: $0.label) })
    }

    /// An explicit `role:` overrides the inference; `none` takes a panel out of the findings.
    @Test func anExplicitRoleDecides() throws {
        let spec = try DashboardSpec.parse(
            """
            dashboards:
              - id: d
                title: D
                panels:
                  - id: heap
                    title: Heap
                    unit: bytes
                    metric: process.runtime.cpython.memory
                    role: none
                  - id: rss
                    title: RSS
                    unit: count
                    metric: process_resident_memory_bytes
                    role: memory
            """, file: "r.yaml")
        #expect(spec.dashboards[0].panels.map(\.role) == [nil, .memory])
        #expect(spec.panel(.memory)?.id == "rss")
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
