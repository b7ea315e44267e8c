import Charts
import Markup
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// Latency against memory and CPU on `compare.html` (`ResourceCorrelation`): per instance of the
/// focus service, Spearman's ρ between span duration and the process's memory and CPU% at the
/// span's start, and scatters for the instance with the most spans. Says so plainly when there
/// are no metrics or too few points.
struct CorrelationSection {
    let context: RenderContext

    func content(_ linker: Linker) -> Node {
        let title = "Latency against memory and CPU"
        guard let c = context.analysis.resourceCorrelation else {
            return Components.section(title, id: linker.id("correlation"), [.el("div", ["class": "nodata"], .text("No focus service."))])
        }
        var parts: [Node] = [
            Components.methodNote(
                "For \(c.service): Spearman's rank correlation ρ between the duration of each of its spans (\(c.spanKinds == "all" ? "all of them: it has no server or consumer spans" : "the requests it serves: its server and consumer spans")) and the process's memory (\(c.memoryMetric ?? "none reported")) and CPU% (rate of \(c.cpuMetric ?? "none reported") × 100) at the span's start, per instance. Spans and metric series belong to the same instance when their resources share the first of service.instance.id, k8s.pod.uid, k8s.pod.name, container.id or host.name they carry (one unidentified series takes all spans). Memory: the newest sample at or before the span's start, at most three sample intervals (60 s at least) old; CPU: the rate over the CPU chart's window ending there. At least \(ResourceCorrelation.minimumPoints) spans with a value; p two-sided from z = ρ√(n − 1); strong means |ρ| ≥ \(NumberFormat.fixed(ResourceCorrelation.strong, decimals: 1)) at p < 0.05. A correlation is not a cause: memory that grows with time correlates with anything that also grows."
            )
        ]
        guard c.memoryMetric != nil || c.cpuMetric != nil else {
            parts.append(
                .el(
                    "div", ["class": "nodata"],
                    .text("\(c.service) reports no memory or CPU metrics: there is nothing to correlate its spans with.")))
            return Components.section(title, id: linker.id("correlation"), parts)
        }
        let rows: [[Node]] = c.instances.prefix(20).map { i in
            [
                .el("code", .text(Display.truncated(i.key, limit: 60).text)), .text(NumberFormat.count(i.spanCount)),
                .text(Self.describe(i.memory)), .text(Self.describe(i.cpu)),
            ]
        }
        parts.append(Components.table(headers: ["Instance", "Spans", "Duration vs memory", "Duration vs CPU"], numeric: [1], rows: rows))
        if let lead = c.leading(\.memory), let m = lead.memory {
            parts.append(scatter(m, instance: lead.key, unit: .bytes, label: "memory at span start"))
        }
        if let lead = c.leading(\.cpu), let m = lead.cpu {
            parts.append(scatter(m, instance: lead.key, unit: .percent, label: "CPU% at span start"))
        }
        return Components.section(title, id: linker.id("correlation"), parts)
    }

    static func describe(_ x: ResourceCorrelation.Correlation?) -> String {
        guard let x else { return "no series for this instance" }
        guard let rho = x.rho, let p = x.p else {
            return x.points < ResourceCorrelation.minimumPoints ? "too few points (\(x.points))" : "no variation (\(x.points) points)"
        }
        return "ρ = \(NumberFormat.fixed(rho, decimals: 2)) (n = \(NumberFormat.count(x.points)), "
            + (p < 0.001 ? "p < 0.001" : "p = " + NumberFormat.fixed(p, decimals: 3)) + ")" + (x.isStrong ? ", strong" : "")
    }

    func scatter(_ x: ResourceCorrelation.Correlation, instance: String, unit: ValueUnit, label: String) -> Node {
        let points = x.scatter.map { p in
            ScatterPoint(
                x: p.value, y: Double(p.durationNanos) / 1e6, cssClass: nil, href: nil,
                title: "\(unit.format(p.value)) · \(NumberFormat.duration(nanos: p.durationNanos, .table))")
        }
        let durations = x.scatter.map { Double($0.durationNanos) / 1e6 }.filter { $0 > 0 }
        let log = (durations.max() ?? 1) > 100 * max(durations.min() ?? 1, 1e-9)
        var chart = ScatterChart(
            title: "Span duration against \(label), \(Display.truncated(instance, limit: 50).text)"
                + (x.rho.map { " (ρ = " + NumberFormat.fixed($0, decimals: 2) + ")" } ?? ""),
            unit: .milliseconds, points: points, logScale: log, zeroBaseline: !log)
        chart.xUnit = unit
        chart.xLabel = label
        // In a panel, so on a narrow screen the chart scrolls sideways instead of shrinking its text.
        return .el("div", ["class": "panel"], chart.render())
    }
}
