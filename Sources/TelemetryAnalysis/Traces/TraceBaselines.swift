import TelemetryModel

/// The typical trace of each root operation, the baseline a slow trace is diffed against
/// (issue 15): among all traces with the same root service and root span name, sorted by
/// duration ascending then trace id, the one at nearest rank ⌈0.5·n⌉. A trace has no baseline
/// when that typical trace is itself (the only trace of its operation, or the median one).
///
/// One grouping of the trace summaries serves every page: the 500k-span benchmark renders about
/// 250 waterfall pages, and each looks its baseline up here instead of scanning the spans.
public struct TraceBaselines: Sendable {
    /// Per root operation (`rootService`, NUL, `rootName`): the typical trace's position in the
    /// `traces` array given to `init`, and how many traces the operation has.
    private var typical: [String: (index: Int, count: Int)] = [:]

    /// Groups `traces` by root operation and picks each group's nearest-rank median.
    public init(_ traces: [TraceSummary]) {
        var groups: [String: [Int]] = [:]
        for (i, t) in traces.enumerated() { groups[Self.key(t), default: []].append(i) }
        for (key, members) in groups {
            let sorted = members.sorted { a, b in
                let (da, db) = (traces[a].durationNanos, traces[b].durationNanos)
                return da != db ? da < db : traces[a].traceID < traces[b].traceID
            }
            typical[key] = (sorted[Percentile.p50.rank(of: sorted.count) - 1], sorted.count)
        }
    }

    static func key(_ t: TraceSummary) -> String { t.rootService + "\u{0}" + t.rootName }

    /// The position (in the `traces` given to `init`) of the typical trace of `trace`'s root
    /// operation, or nil when that is `trace` itself or the operation is unknown.
    public func baselineIndex(of trace: TraceSummary, in traces: [TraceSummary]) -> Int? {
        guard let t = typical[Self.key(trace)], traces[t.index].traceID != trace.traceID else { return nil }
        return t.index
    }

    /// The typical trace of `trace`'s root operation, or nil when that is `trace` itself.
    public func baseline(of trace: TraceSummary, in traces: [TraceSummary]) -> TraceSummary? {
        baselineIndex(of: trace, in: traces).map { traces[$0] }
    }

    /// How many traces share `trace`'s root operation (0 when unknown).
    public func operationCount(of trace: TraceSummary) -> Int { typical[Self.key(trace)]?.count ?? 0 }
}
