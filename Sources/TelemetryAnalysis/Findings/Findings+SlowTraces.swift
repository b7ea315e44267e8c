import TelemetryModel
import Vocabulary

/// The finding of the slow-against-rest breakdown (`SlowTraceBreakdown`): one operation holds
/// most of the extra time of a root operation's slowest 5% of traces.
extension Findings {
    /// The share of the extra critical-path time one operation must hold to be named.
    public static let breakdownShare = 0.5
    /// The slowest 5% must take at least this many times the rest's mean, and
    /// `breakdownMinimumExtraNanos` more — a tail, not the spread every operation has.
    public static let breakdownRatio = 2.0
    public static let breakdownMinimumExtraNanos: Int64 = 5_000_000

    /// Root operations whose slowest 5% are outliers of the operation's own durations — the
    /// p95 that bounds them lies beyond Tukey's far-out fence, p75 + 3 × (p75 − p25), nearest
    /// rank — and take at least twice the rest's mean (and 5 ms more), where one (service, span
    /// name) holds at least half the extra critical-path time, its own mean critical-path time is
    /// at least twice the rest's, and its critical-path time is larger in the slow traces than in
    /// the rest by more than chance (Mann–Whitney U, one-sided, normal approximation without tie
    /// correction, at `alpha`). The slowest 5% of any operation are slower than the rest by
    /// definition, and whatever varies most takes the blame; the fence keeps the upper end of a
    /// usual spread (normal, exponential or log-normal with σ up to 1 stays inside it) from
    /// being told as a cause, so a healthy snapshot gets no such finding.
    static func slowTraces(_ a: SnapshotAnalysis) -> [Finding] {
        a.breakdowns.compactMap { b -> Finding? in
            guard b.slowCount > 0, b.restCount > 0, let top = b.rows.first,
                b.slowThresholdNanos >= b.farOutFenceNanos,
                b.slowMeanDurationNanos >= breakdownRatio * b.restMeanDurationNanos,
                b.slowMeanDurationNanos - b.restMeanDurationNanos >= Double(breakdownMinimumExtraNanos),
                top.share >= breakdownShare, top.slowCriticalNanos >= breakdownRatio * top.restCriticalNanos
            else { return nil }
            let slow = b.criticalByTrace.filter(\.slow).map { $0.nanos[0] }
            let rest = b.criticalByTrace.filter { !$0.slow }.map { $0.nanos[0] }
            let probability = AttributeComparison.probabilityOfSuperiority(slow, rest)
            let z = Significance.mannWhitneyZ(u: probability * Double(slow.count * rest.count), slow.count, rest.count)
            let p = Significance.upperTail(z: z)
            guard p < alpha else { return nil }
            let root = "\(b.rootService) \"\(b.rootName)\""
            let title =
                "\(top.service) \"\(top.operation)\" accounts for \(NumberFormat.percent(top.share, .whole)) of the extra time in the slowest 5% of \(root)."
            var detail =
                "The \(NumberFormat.count(b.slowCount)) slowest of \(NumberFormat.count(b.traceCount)) \(root) traces (≥ \(NumberFormat.duration(nanos: b.slowThresholdNanos, .prose))) take \(NumberFormat.duration(meanNanos: b.slowMeanDurationNanos, .prose)) on average against \(NumberFormat.duration(meanNanos: b.restMeanDurationNanos, .prose)) for the rest."
            detail +=
                " On their critical path, \(top.service) \"\(top.operation)\" takes \(NumberFormat.duration(meanNanos: top.slowCriticalNanos, .prose)) per trace against \(NumberFormat.duration(meanNanos: top.restCriticalNanos, .prose)), \(NumberFormat.percent(top.share, .whole)) of the \(NumberFormat.duration(meanNanos: b.extraCriticalNanos, .prose)) of extra critical-path time"
            detail +=
                " (its time is larger in a slow trace than in another \(NumberFormat.percent(probability, .whole)) of the time; Mann–Whitney, one-sided \(NumberFormat.pValue(p)))."
            if b.rows.count > 1 {
                let next = b.rows[1]
                // A runner-up that rounds to 0% is not worth naming ("Next: … with 0%").
                detail +=
                    NumberFormat.percent(next.share, .whole) == NumberFormat.percent(0, .whole)
                    ? " Every other operation accounts for less than 1%."
                    : " Next: \(next.service) \"\(next.operation)\" with \(NumberFormat.percent(next.share, .whole))."
            }
            let links: [Finding.Link] = [
                .breakdown(rootService: b.rootService, rootName: b.rootName, label: "where the time of the slowest \(root) traces goes"),
                .traces(
                    filter: FilterText.operation(service: top.service, name: top.operation),
                    label: "traces with \(top.service) \"\(top.operation)\""),
            ]
            return Finding(
                id: "slow-traces-" + b.rootService + "-" + b.rootName, severity: top.share >= 0.8 ? "high" : "medium", title: title,
                detail: detail, service: top.service, kind: .slowTraces, operation: top.operation, strength: Finding.strength(p: p),
                evidence: [
                    .init(
                        "method",
                        .text(
                            "slow = traces at or above the root operation's nearest-rank p95 duration, which must lie beyond p75 + 3 × (p75 − p25); per (service, span name) the mean critical-path time per trace (Jaeger UI's critical path) in the slow traces and the rest; share = its difference over the sum of all differences; Mann–Whitney U (one-sided) on its critical-path time per trace"
                        )),
                    .init("rootService", .text(b.rootService)), .init("rootName", .text(b.rootName)),
                    .init("traceCount", .integer(Int64(b.traceCount))), .init("slowCount", .integer(Int64(b.slowCount))),
                    .init("p25Ms", .number(LatencySummary.milliseconds(b.p25Nanos))),
                    .init("p75Ms", .number(LatencySummary.milliseconds(b.p75Nanos))),
                    .init("farOutFenceMs", .number(LatencySummary.milliseconds(b.farOutFenceNanos))),
                    .init("slowThresholdMs", .number(LatencySummary.milliseconds(b.slowThresholdNanos))),
                    .init("slowMeanMs", .number(b.slowMeanDurationNanos / 1e6)),
                    .init("restMeanMs", .number(b.restMeanDurationNanos / 1e6)),
                    .init("slowCriticalMs", .number(top.slowCriticalNanos / 1e6)),
                    .init("restCriticalMs", .number(top.restCriticalNanos / 1e6)),
                    .init("extraCriticalMs", .number(b.extraCriticalNanos / 1e6)), .init("share", .number(top.share)),
                    .init("probabilitySlower", .number(probability)), .init("p", .number(p)),
                ],
                links: links)
        }
    }

}
