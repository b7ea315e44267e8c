import TelemetryModel
import Vocabulary

/// Exceptions concentrated in the slow or failed traces (issue 14).
extension Findings {
    /// An exception group needs this many distinct traces in the snapshot to be tested.
    public static let minimumExceptionTraces = 5
    /// At most this many exception findings, strongest first.
    public static let maximumExceptionFindings = 3

    /// For each (service, `exception.type`) group with at least `minimumExceptionTraces` traces:
    /// a trace is *bad* when it failed (holds an error span) or is slow (its duration is at or
    /// above the nearest-rank p95 of all trace durations; at least 20 traces). The type is
    /// concentrated in the bad traces when the share of bad traces among the traces holding it is
    /// at least twice the share among the other traces and the difference is more than chance
    /// (Fisher's exact test, one-sided, at `alpha`).
    static func exceptionFindings(_ a: SnapshotAnalysis) -> [Finding] {
        guard a.traces.count >= 20, !a.exceptions.isEmpty else { return [] }
        let durations = a.traces.map(\.durationNanos).sorted()
        let slowThreshold = Percentile.p95.of(sorted: durations)!
        var badByID: [TraceID: Bool] = [:]
        badByID.reserveCapacity(a.traces.count)
        var badTotal = 0
        for t in a.traces {
            let bad = t.errorCount > 0 || t.durationNanos >= slowThreshold
            badByID[t.traceID] = bad
            if bad { badTotal += 1 }
        }
        var out: [Finding] = []
        for (rank, g) in a.exceptions.enumerated() {
            let traces = g.traceIDs.filter { badByID[$0] != nil }
            guard traces.count >= minimumExceptionTraces, traces.count < a.traces.count else { continue }
            let bad = traces.filter { badByID[$0]! }.count
            let otherTotal = a.traces.count - traces.count
            let otherBad = badTotal - bad
            // a/(a+b) ≥ 2 · c/(c+d), in integers.
            guard bad * otherTotal >= 2 * otherBad * traces.count, bad > 0 else { continue }
            let p = Significance.fisherGreater(a: otherBad, b: otherTotal - otherBad, c: bad, d: traces.count - bad)
            guard p < alpha else { continue }
            let detail =
                "\(NumberFormat.count(bad)) of \(NumberFormat.count(traces.count)) traces holding \(g.type) on \(g.service) (\(NumberFormat.percent(bad, of: max(traces.count, 1), .tenths))) failed or were slow (an error span, or at or above the p95 trace duration, \(NumberFormat.duration(nanos: slowThreshold, .prose))), against \(NumberFormat.count(otherBad)) of \(NumberFormat.count(otherTotal)) other traces (\(NumberFormat.percent(otherBad, of: max(otherTotal, 1), .tenths))) (Fisher's exact test, one-sided \(NumberFormat.pValue(p)))."
                + " \(NumberFormat.count(g.count)) occurrences: \(NumberFormat.count(g.spanEvents)) span events, \(NumberFormat.count(g.logRecords)) log records."
            out.append(
                Finding(
                    id: "exception-\(g.service)-\(g.type)", severity: bad == traces.count ? "high" : "medium",
                    title: "\(g.type) on \(g.service) is concentrated in the slow or failed traces.",
                    detail: detail, service: g.service, kind: .exception, strength: Finding.strength(p: p),
                    evidence: [
                        .init(
                            "method",
                            .text(
                                "traces holding the exception vs the other traces: share that failed (an error span) or were slow (duration at or above the nearest-rank p95 of all traces); Fisher's exact test (one-sided), and at least twice the other traces' share"
                            )),
                        .init("type", .text(g.type)), .init("slowThresholdMs", .number(LatencySummary.milliseconds(slowThreshold))),
                        .init("exceptionTraces", .integer(Int64(traces.count))), .init("badExceptionTraces", .integer(Int64(bad))),
                        .init("otherTraces", .integer(Int64(otherTotal))), .init("badOtherTraces", .integer(Int64(otherBad))),
                        .init("p", .number(p)),
                    ],
                    links: [.exceptions(index: rank, label: "\(g.type) on \(g.service), with example traces")]))
        }
        return Array(out.sorted { $0.strength != $1.strength ? $0.strength > $1.strength : $0.id < $1.id }.prefix(maximumExceptionFindings))
    }
}
