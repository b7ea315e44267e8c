import DashboardConfig
import TelemetryModel
import Vocabulary

/// Plain-language findings, each backed by a stated test, found without being told where to
/// look. They tell the story in order — what is wrong (a latency tail that grew, errors, memory
/// that climbed), then what marks the slow spans (attributes of an operation) — and within each
/// kind the strongest evidence (smallest p-value) comes first. Every direction word is decided by
/// a test and agrees with the numbers the sentence cites; one cause gives one finding.
public enum Findings {
    /// Findings below this p-value only.
    public static let alpha = 0.05
    /// At most this many attribute findings (causes), strongest first.
    public static let maximumAttributeFindings = 4
    /// Two attributes name the same cause when their marked spans agree on this share of the
    /// operation's spans (or their complements do).
    public static let sameSpansAgreement = 0.99

    public static func detect(_ a: SnapshotAnalysis) -> [Finding] {
        let found = detectAll(a)
        var ordered = found.sorted { x, y in
            if x.kind.order != y.kind.order { return x.kind.order < y.kind.order }
            if x.strength != y.strength { return x.strength > y.strength }
            return x.id < y.id
        }
        // Numbered ids follow the order shown.
        var counters: [Finding.Kind: Int] = [:]
        for i in ordered.indices where ordered[i].kind == .latencyTail || ordered[i].kind == .attribute {
            counters[ordered[i].kind, default: 0] += 1
            ordered[i].id = (ordered[i].kind == .latencyTail ? "tail-" : "attribute-") + String(counters[ordered[i].kind]!)
        }
        return ordered
    }

    /// Every detector's findings, in the order of `detectors`. Each is made on whichever core is
    /// free, as they only read the analysis: one after another they were the longest stretch of
    /// a single busy core in a render of the simulated demo (78 ms of a 0.8 s run, most of it the
    /// memory trends and the attribute evidence; issue 7). The heaviest are started first.
    static func detectAll(_ a: SnapshotAnalysis) -> [Finding] {
        let detectors: [(SnapshotAnalysis) -> [Finding]] = [
            tailGrowth, errors, exceptionFindings, memory, slowTraces, attributeFindings,
        ]
        let started = [3, 5, 2, 0, 1, 4]  // memory, attributeFindings, exceptionFindings, …
        let made = CoreSplit.map(started.count) { k in detectors[started[k]](a) }
        var byDetector = [[Finding]](repeating: [], count: detectors.count)
        for (k, detector) in started.enumerated() { byDetector[detector] = made[k] }
        return Array(byDetector.joined())
    }

    // MARK: - Latency tail

    /// Services whose p99 in the last third of the time range is at least twice that of the
    /// first third (and 5 ms more), where the rise is more than chance: more spans of the last
    /// third exceed the first third's p99 than Fisher's exact test (one-sided) allows at `alpha`.
    static func tailGrowth(_ a: SnapshotAnalysis) -> [Finding] {
        guard let range = a.timeRange, range.upperBound > range.lowerBound else { return [] }
        let thirds = TimeWindows.thirds(range)
        let earlyEnd = thirds.baseline.upperBound, lateStart = thirds.target.lowerBound
        // Spans are grouped by service id (no name hashed per span), then named.
        let index = ServiceIndex(a.snapshot)
        let spans = a.snapshot.spans
        // The spans in two halves, on two cores (500k spans: this pass ran alone on one core
        // while the render's start waited for it; issue 7), each half's lists then joined in
        // span order, so every list is the one a single pass makes.
        let halves = CoreSplit.map(2) { h in
            var early = [[Int64]?](repeating: nil, count: index.count)
            var late = [[(Int64, UInt32)]?](repeating: nil, count: index.count)
            for i in Parallel.part(h, of: spans.count, parts: 2) {
                let service = index.id(ofResource: spans.resourceIndexes[i])
                let end = spans.endTime(at: i)
                if end <= earlyEnd {
                    if early[service] == nil { early[service] = [] }
                    early[service]!.append(spans.durationNanos(at: i))
                }
                if end >= lateStart {
                    if late[service] == nil { late[service] = [] }
                    late[service]!.append((spans.durationNanos(at: i), spans.nameIDs[i]))
                }
            }
            return (early: early, late: late)
        }
        var earlyByID = halves[0].early, lateByID = halves[0].late
        for id in 0..<index.count {
            if let more = halves[1].early[id] { earlyByID[id] = (earlyByID[id] ?? []) + more }
            if let more = halves[1].late[id] { lateByID[id] = (lateByID[id] ?? []) + more }
        }
        // The late spans keep their name ids: only the slow ones' names are counted, by id, and
        // named once per operation (a name per late span was a third of the spans' strings).
        var early: [String: [Int64]] = [:], late: [String: [(Int64, UInt32)]] = [:]
        for id in 0..<index.count {
            if let e = earlyByID[id] { early[index.names[id]] = e }
            if let l = lateByID[id] { late[index.names[id]] = l }
        }
        // Each service's two summaries (a sort each) on every core; the findings follow in
        // name order as before.
        let names = early.keys.sorted()
        let summaries = Parallel.map(names.count) { k -> (early: LatencySummary, late: LatencySummary)? in
            guard let e = early[names[k]], let l = late[names[k]], e.count >= 20, l.count >= 20,
                let se = LatencySummary(durations: e), let sl = LatencySummary(durations: l.map(\.0))
            else { return nil }
            return (se, sl)
        }
        var out: [Finding] = []
        for (k, name) in names.enumerated() {
            guard let (se, sl) = summaries[k], let e = early[name], let l = late[name],
                sl.p99 >= 2 * se.p99, sl.p99 - se.p99 >= 5_000_000
            else { continue }
            let threshold = se.p99
            let earlyAbove = e.filter { $0 > threshold }.count
            let lateSlow = l.filter { $0.0 > threshold }
            let p = Significance.fisherGreater(a: earlyAbove, b: e.count - earlyAbove, c: lateSlow.count, d: l.count - lateSlow.count)
            guard p < alpha else { continue }
            var countByNameID: [UInt32: Int] = [:]
            for s in lateSlow { countByNameID[s.1, default: 0] += 1 }
            var byOperation: [String: Int] = [:]
            for (id, n) in countByNameID { byOperation[spans.strings[id]] = n }
            let top = byOperation.max { x, y in x.value != y.value ? x.value < y.value : x.key > y.key }!
            var detail =
                "p99 rose from \(NumberFormat.duration(nanos: se.p99, .prose)) in the first third of the snapshot to \(NumberFormat.duration(nanos: sl.p99, .prose)) in the last third, while p50 went from \(NumberFormat.duration(nanos: se.p50, .prose)) to \(NumberFormat.duration(nanos: sl.p50, .prose))."
            detail +=
                " In the last third \(NumberFormat.count(lateSlow.count)) of \(NumberFormat.count(l.count)) spans (\(NumberFormat.percent(lateSlow.count, of: max(l.count, 1), .tenths))) took longer than the first third's p99, against \(NumberFormat.count(earlyAbove)) of \(NumberFormat.count(e.count)) (\(NumberFormat.percent(earlyAbove, of: max(e.count, 1), .tenths))) in the first (Fisher's exact test, one-sided \(NumberFormat.pValue(p)))."
            detail += " Most of them are \"\(top.key)\" spans (\(NumberFormat.count(top.value)) of \(NumberFormat.count(lateSlow.count)))."
            var links: [Finding.Link] = []
            if let panel = panelLink(a, role: .latency, service: name, label: "\(name) latency chart") { links.append(panel) }
            links.append(
                .traces(
                    filter: "service=" + FilterText.quoted(name) + " " + FilterText.durationAbove(nanos: threshold),
                    label: "\(name) traces slower than \(NumberFormat.duration(nanos: threshold, .prose))"))
            out.append(
                Finding(
                    id: "tail-" + name, severity: sl.p99 >= 5 * se.p99 ? "high" : "medium",
                    title: "\(name)'s latency tail grew.", detail: detail, service: name, kind: .latencyTail,
                    operation: top.key, strength: Finding.strength(p: p),
                    evidence: [
                        .init(
                            "method",
                            .text(
                                "nearest-rank p99 of spans ending in the first and last third of the time range; Fisher's exact test (one-sided) on the spans above the first third's p99"
                            )),
                        .init("firstThirdEndNanos", .integer(earlyEnd)), .init("lastThirdStartNanos", .integer(lateStart)),
                        .init("firstCount", .integer(Int64(e.count))), .init("lastCount", .integer(Int64(l.count))),
                        .init("firstP50Ms", .number(LatencySummary.milliseconds(se.p50))),
                        .init("firstP99Ms", .number(LatencySummary.milliseconds(se.p99))),
                        .init("lastP50Ms", .number(LatencySummary.milliseconds(sl.p50))),
                        .init("lastP99Ms", .number(LatencySummary.milliseconds(sl.p99))),
                        .init("firstAboveFirstP99", .integer(Int64(earlyAbove))),
                        .init("lastAboveFirstP99", .integer(Int64(lateSlow.count))),
                        .init("p", .number(p)), .init("operation", .text(top.key)), .init("operationCount", .integer(Int64(top.value))),
                    ],
                    links: links))
        }
        return out
    }

    // MARK: - Errors

    /// The error share a healthy service may show; a service is reported when its share is
    /// above it by more than chance (exact binomial test, one-sided, at `alpha`).
    public static let baselineErrorShare = 0.01

    /// Services with at least 20 spans whose share of error spans is above 1% by more than chance.
    static func errors(_ a: SnapshotAnalysis) -> [Finding] {
        a.services.compactMap { s -> Finding? in
            guard s.spanCount >= 20, s.errorCount * 100 > s.spanCount else { return nil }
            let p = Significance.binomialUpperTail(s.errorCount, s.spanCount, baselineErrorShare)
            guard p < alpha else { return nil }
            var links: [Finding.Link] = []
            if let panel = panelLink(a, role: .errorRate, label: "error rate chart") { links.append(panel) }
            links.append(.traces(filter: "service=" + FilterText.quoted(s.name) + " status=error", label: "\(s.name) traces with errors"))
            return Finding(
                id: "errors-" + s.name, severity: s.errorCount * 10 > s.spanCount ? "high" : "medium",
                title: "\(s.name) has errors.",
                detail:
                    "\(NumberFormat.count(s.errorCount)) of \(NumberFormat.count(s.spanCount)) spans (\(NumberFormat.percent(s.errorCount, of: s.spanCount, .tenths))) have status ERROR, more than the 1% taken as a healthy baseline (exact binomial test, one-sided \(NumberFormat.pValue(p))).",
                service: s.name, kind: .errorRate, strength: Finding.strength(p: p),
                evidence: [
                    .init("method", .text("error spans / spans; exact binomial test (one-sided) against a 1% error share")),
                    .init("errorCount", .integer(Int64(s.errorCount))), .init("spanCount", .integer(Int64(s.spanCount))),
                    .init("p", .number(p)),
                ],
                links: links)
        }
    }

    // MARK: - Memory

    /// The focus service's memory, when a segment of a series (per instance, between restarts)
    /// rose by a significant Mann–Kendall trend with a material Theil–Sen change (`MemoryTrend`).
    /// "Climbed until it restarted" only when such a rise ended in a restart. A falling or flat
    /// series gives no finding.
    static func memory(_ a: SnapshotAnalysis) -> [Finding] {
        guard let focus = a.focusService else { return [] }
        let trend = MemoryTrend(a.snapshot, service: focus, spec: a.dashboardSpec)
        guard let metric = trend.metric else { return [] }
        let rising = trend.segments.filter { $0.direction == .rising }
        let toRestart = rising.filter { $0.restartSeconds != nil }
        let falling = trend.segments.filter { $0.direction == .falling }.count
        let pool = toRestart.isEmpty ? rising : toRestart
        guard
            let cited = pool.max(by: { x, y in
                let (rx, ry) = (x.relativeChange, y.relativeChange)
                return rx != ry ? rx < ry : x.first.timeMillis > y.first.timeMillis
            })
        else { return [] }
        let minutes = Double(cited.last.timeMillis - cited.first.timeMillis) / 60_000
        var detail =
            "\(metric) (\(cited.seriesName)) rose from \(NumberFormat.mebibytes(cited.first.value)) to \(NumberFormat.mebibytes(cited.last.value)) over \(NumberFormat.duration(minutes: minutes))"
        detail +=
            " (Mann–Kendall z = \(NumberFormat.fixed(cited.test.z, decimals: 1)), \(NumberFormat.pValue(cited.test.p)); Theil–Sen slope, the median rate, \(NumberFormat.signedMebibytes(cited.test.slope * 60))/min)"
        if let r = cited.restartSeconds {
            detail += ", then the process restarted at \(UTCTime.clock(seconds: r)) UTC."
        } else {
            detail += "."
        }
        let n = trend.segments.count
        detail += " Of \(n) segment\(n == 1 ? "" : "s") (per series, cut at restarts), \(rising.count) rose"
        if !toRestart.isEmpty { detail += " (\(toRestart.count) up to a restart)" }
        detail += ", \(falling) fell and \(n - rising.count - falling) stayed level (no significant trend, or a change under 20%)."
        var evidence: [Finding.Field] = [
            .init(
                "method",
                .text(
                    "per series (point labels and instance), cut at restarts: Theil–Sen slope and Mann–Kendall test over the raw samples; rising when p < 0.05, the slope is positive and the last sample is at least 20% above the first"
                )),
            .init("metric", .text(metric)), .init("series", .labels(cited.labels)), .init("seriesName", .text(cited.seriesName)),
            .init("direction", .text(TrendTest.Direction.rising.rawValue)),
            .init("fromMillis", .integer(cited.first.timeMillis)), .init("toMillis", .integer(cited.last.timeMillis)),
            .init("fromValue", .number(cited.first.value)), .init("toValue", .number(cited.last.value)),
            .init("slopePerSecond", .number(cited.test.slope)), .init("mannKendallS", .integer(Int64(cited.test.s))),
            .init("z", .number(cited.test.z)), .init("p", .number(cited.test.p)), .init("samples", .integer(Int64(cited.test.count))),
        ]
        if let r = cited.restartSeconds { evidence.append(.init("restartSeconds", .integer(r))) }
        evidence += [
            .init("segments", .integer(Int64(n))), .init("risingSegments", .integer(Int64(rising.count))),
            .init("risingToRestart", .integer(Int64(toRestart.count))), .init("fallingSegments", .integer(Int64(falling))),
        ]
        let links = panelLink(a, role: .memory, label: "\(focus) memory chart").map { [$0] } ?? []
        return [
            Finding(
                id: "memory", severity: toRestart.isEmpty ? "medium" : "high",
                title: "\(focus)'s memory climbed\(toRestart.isEmpty ? "" : " until it restarted").",
                detail: detail, service: focus, kind: .memory, strength: Finding.strength(p: cited.test.p),
                evidence: evidence, links: links)
        ]
    }
}
