import TelemetryModel

/// Plain-language findings, each backed by numbers computed elsewhere in the analysis, found
/// without being told where to look: attributes that mark the slow spans, latency tails that
/// grew, memory that climbed to restarts, and error rates.
public enum Findings {
    public static func detect(_ a: SnapshotAnalysis) -> [Finding] {
        var out: [Finding] = []
        out += attributeFindings(a)
        out += splitFindings(a, after: out)
        out += tailGrowth(a)
        out += memory(a)
        out += errors(a)
        return out
    }

    /// The attribute comparisons that separate slow spans from the rest most clearly.
    static func attributeFindings(_ a: SnapshotAnalysis) -> [Finding] {
        var seen = Set<String>()
        var out: [Finding] = []
        for c in a.allComparisons where c.score >= 0.3 {
            let key = c.service + "\u{0}" + c.attribute
            guard seen.insert(key).inserted, out.count < 3 else { continue }
            guard let g = c.groups.first(where: { $0.value == c.topValue }) else { continue }
            var detail = "Among \(c.service) \"\(c.operation)\" spans, \(c.attribute) \(c.kind == .numeric ? "in " : "= ")\(g.value) accounts for \(pct(g.slowShare)) of the slowest 5% (≥ \(ms(c.slowThresholdNanos))) but \(pct(g.restShare)) of the rest."
            if let l = g.latency { detail += " Those spans: p50 \(ms(l.p50)), p99 \(ms(l.p99))." }
            if let r = c.rankCorrelation { detail += " Rank correlation with duration: \(NumberFormat.fixed(r, decimals: 2))." }
            out.append(Finding(id: "attribute-\(out.count + 1)", severity: c.score >= 0.6 ? "high" : "medium",
                               title: "\(c.attribute) marks the slow \(c.operation) spans.", detail: detail, service: c.service))
        }
        return out
    }

    /// Categorical attributes of the focus service whose two main values split an operation's
    /// whole latency distribution: a span with one value is slower than one with the other at
    /// least 70% of the time, and the medians differ at least twofold.
    static func splitFindings(_ a: SnapshotAnalysis, after earlier: [Finding]) -> [Finding] {
        var out: [Finding] = []
        for c in a.comparisons where c.kind == .categorical && out.count < 2 {
            guard let s = c.separation, s.probability >= 0.7,
                  let slow = c.groups.first(where: { $0.value == s.slower }), let fast = c.groups.first(where: { $0.value == s.faster }),
                  slow.count >= 10, fast.count >= 10, let ls = slow.latency, let lf = fast.latency, ls.p50 >= 2 * max(lf.p50, 1) else { continue }
            let ratio = Double(ls.p50) / Double(max(lf.p50, 1))
            out.append(Finding(id: "split-\(out.count + 1)", severity: "high",
                               title: "\(c.operation) spans with \(c.attribute)=\(s.slower) are slower.",
                               detail: "In \(c.service), a \"\(c.operation)\" span with \(c.attribute)=\(s.slower) takes longer than one with \(c.attribute)=\(s.faster) \(pct(s.probability)) of the time (Mann–Whitney): p50 \(ms(ls.p50)) against \(ms(lf.p50)) (\(NumberFormat.fixed(ratio, decimals: ratio < 10 ? 1 : 0))×), p99 \(ms(ls.p99)) against \(ms(lf.p99)); \(slow.count) and \(fast.count) spans.",
                               service: c.service))
        }
        return out
    }

    /// Services whose p99 in the last third of the time range is at least twice that of the first
    /// third, while the median moved much less.
    static func tailGrowth(_ a: SnapshotAnalysis) -> [Finding] {
        guard let range = a.timeRange, range.upperBound > range.lowerBound else { return [] }
        let third = (range.upperBound - range.lowerBound) / 3
        let index = ServiceIndex(a.snapshot)
        var earlyByID = [[Int64]?](repeating: nil, count: index.count), lateByID = earlyByID
        let spans = a.snapshot.spans
        for i in spans.indices {
            let service = index.id(ofResource: spans.resourceIndexes[i])
            let end = spans.endTimes[i]
            if end <= range.lowerBound + third {
                if earlyByID[service] == nil { earlyByID[service] = [] }
                earlyByID[service]!.append(spans.durationNanos(at: i))
            }
            if end >= range.upperBound - third {
                if lateByID[service] == nil { lateByID[service] = [] }
                lateByID[service]!.append(spans.durationNanos(at: i))
            }
        }
        var early: [String: [Int64]] = [:], late: [String: [Int64]] = [:]
        for id in 0..<index.count {
            if let e = earlyByID[id] { early[index.names[id]] = e }
            if let l = lateByID[id] { late[index.names[id]] = l }
        }
        var out: [Finding] = []
        for name in early.keys.sorted() {
            guard let e = early[name], let l = late[name], e.count >= 20, l.count >= 20,
                  let se = LatencySummary(durations: e), let sl = LatencySummary(durations: l),
                  sl.p99 >= 2 * se.p99, sl.p99 - se.p99 >= 5_000_000 else { continue }
            out.append(Finding(id: "tail-\(out.count + 1)", severity: sl.p99 >= 5 * se.p99 ? "high" : "medium",
                               title: "\(name)'s latency tail grew.",
                               detail: "p99 rose from \(ms(se.p99)) in the first third of the snapshot to \(ms(sl.p99)) in the last third, while p50 went from \(ms(se.p50)) to \(ms(sl.p50)).",
                               service: name))
        }
        return out
    }

    /// Memory of the focus service that grew by half or more, with the restarts seen.
    static func memory(_ a: SnapshotAnalysis) -> [Finding] {
        guard let panel = a.dashboards.flatMap(\.panels).first(where: { $0.id == "memory" }) else { return [] }
        // Resident memory when the series say which is which, across every instance.
        let rss = panel.series.filter { $0.labels["type"] == "rss" }
        let chosen = rss.isEmpty ? Array(panel.series.prefix(1)) : rss
        let values = chosen.flatMap { $0.points.compactMap(\.value) }
        guard let lo = values.min(), let hi = values.max(), lo > 0, hi >= 1.5 * lo else { return [] }
        let label = rss.isEmpty ? (chosen.first?.name ?? "memory") : "rss"
        let restarts = panel.markers.count
        var detail = "\(panel.source) (\(label)) ranged from \(mib(lo)) to \(mib(hi))"
        detail += restarts > 0 ? " and the process restarted \(restarts) time\(restarts == 1 ? "" : "s") (new start time)." : "."
        return [Finding(id: "memory", severity: restarts > 0 ? "high" : "medium",
                        title: "\(a.focusService ?? "The focus service")'s memory climbed\(restarts > 0 ? " until it restarted" : "").",
                        detail: detail, service: a.focusService)]
    }

    /// Services where more than 1% of spans are errors.
    static func errors(_ a: SnapshotAnalysis) -> [Finding] {
        a.services.filter { $0.spanCount >= 20 && $0.errorCount * 100 > $0.spanCount }.map { s in
            Finding(id: "errors-" + s.name, severity: s.errorCount * 10 > s.spanCount ? "high" : "medium",
                    title: "\(s.name) has errors.",
                    detail: "\(s.errorCount) of \(s.spanCount) spans (\(NumberFormat.fixed(Double(s.errorCount) / Double(s.spanCount) * 100, decimals: 1))%) have status ERROR.",
                    service: s.name)
        }
    }

    static func ms(_ ns: Int64) -> String {
        let v = Double(ns) / 1e6
        return NumberFormat.fixed(v, decimals: v < 10 ? 2 : (v < 100 ? 1 : 0)) + " ms"
    }

    static func pct(_ share: Double) -> String { NumberFormat.fixed(share * 100, decimals: 0) + "%" }

    static func mib(_ bytes: Double) -> String { NumberFormat.fixed(bytes / 1_048_576, decimals: 1) + " MiB" }
}
