import DashboardConfig
import TelemetryModel
import Vocabulary

/// Attribute findings: what marks an operation's slow spans, one finding per cause.
extension Findings {

    /// One finding per cause: the attribute comparisons whose value marks an operation's slow
    /// spans — over-represented among its slowest 5% (margin-adjusted share difference ≥ 0.3)
    /// or, for categorical attributes, slower over the whole distribution (Mann–Whitney: slower at
    /// least 70% of the time and a twofold median) — with the attributes that mark the same spans
    /// (≥ 99% agreement), and those of other operations whose marked spans lie in the same traces
    /// (the same calls seen from the client and the server side), named in one finding.
    static func attributeFindings(_ a: SnapshotAnalysis) -> [Finding] {
        var seen = Set<[String]>()
        var pool: [AttributeComparison] = []
        for c in a.comparisons + a.allComparisons where seen.insert([c.service, c.operation, c.attribute]).inserted {
            pool.append(c)
        }
        // Only comparisons whose statistics clear a threshold need their spans: one pass gathers them.
        let qualified = pool.filter { AttributeEvidence($0, spans: [], snapshot: a.snapshot) != nil }
        let byOperation = operationSpans(
            a.snapshot, wanted: Set(qualified.map { AttributeComparison.OperationKey(service: $0.service, name: $0.operation) }))
        var candidates = qualified.compactMap {
            AttributeEvidence(
                $0, spans: byOperation[AttributeComparison.OperationKey(service: $0.service, name: $0.operation)] ?? [],
                snapshot: a.snapshot)
        }
        candidates.sort { x, y in
            if x.strength != y.strength { return x.strength > y.strength }
            return (x.comparison.service, x.comparison.operation, x.comparison.attribute) < (
                y.comparison.service, y.comparison.operation, y.comparison.attribute
            )
        }
        var clusters: [Cluster] = []
        var usedAttributes = Set<[String]>()
        for c in candidates {
            // The same spans under another attribute name…
            if let k = clusters.indices.first(where: {
                clusters[$0].lead.sameOperation(as: c) && clusters[$0].lead.agreement(with: c) >= sameSpansAgreement
            }) {
                clusters[k].mirrors.append((c, clusters[k].lead.agreement(with: c)))
                continue
            }
            // …or the same calls seen at another level: another operation's spans in the same traces.
            if let k = clusters.indices.first(where: {
                !clusters[$0].lead.sameOperation(as: c) && clusters[$0].lead.traceAgreement(with: c) >= sameSpansAgreement
            }) {
                clusters[k].linked.append((c, clusters[k].lead.traceAgreement(with: c)))
                continue
            }
            guard clusters.count < maximumAttributeFindings,
                usedAttributes.insert([c.comparison.service, c.comparison.attribute]).inserted
            else { continue }
            clusters.append(Cluster(lead: c))
        }
        return clusters.map { attributeFinding($0, a) }
    }

    /// One cause: the strongest attribute evidence, the attributes of the same operation that mark
    /// the same spans, and those of other operations whose marked spans lie in the same traces.
    struct Cluster {
        var lead: AttributeEvidence
        var mirrors: [(AttributeEvidence, Double)] = []
        var linked: [(AttributeEvidence, Double)] = []
    }

    static func attributeFinding(_ cluster: Cluster, _ a: SnapshotAnalysis) -> Finding {
        let e = cluster.lead, mirrors = cluster.mirrors
        let c = e.comparison
        let named = e.term
        var title = named
        if !mirrors.isEmpty {
            title +=
                " ("
                + mirrors.map { m, agreement in
                    (agreement >= 1 ? "same spans as " : "nearly the same spans as ") + m.term
                        + (agreement >= 1 ? "" : ": \(NumberFormat.percent(agreement, .tenths)) agree")
                }.joined(separator: "; ") + ")"
        }
        title += " marks the slow \(c.operation) spans"
        if !cluster.linked.isEmpty {
            title +=
                " (the same traces as "
                + cluster.linked.map { l, _ in
                    "\(l.term) on \(l.comparison.service) \"\(l.comparison.operation)\""
                }.joined(separator: " and ") + ")"
        }
        title += "."
        var sentences: [String] = []
        let g = c.groups[e.share.group]
        sentences.append(
            "Among \(c.service) \"\(c.operation)\" spans, \(e.term) accounts for \(NumberFormat.percent(g.slowShare, .whole)) of the slowest 5% (≥ \(NumberFormat.duration(nanos: c.slowThresholdNanos, .prose))) and \(NumberFormat.percent(g.restShare, .whole)) of the rest (two-proportion z = \(NumberFormat.fixed(e.share.z, decimals: 1)), \(NumberFormat.pValue(e.share.p)))."
        )
        if e.separation == nil, let l = g.latency {
            sentences.append(
                "Those spans: p50 \(NumberFormat.duration(nanos: l.p50, .prose)), p99 \(NumberFormat.duration(nanos: l.p99, .prose)).")
        }
        if let m = e.separation {
            let slow = c.groups[m.slowGroup], fast = c.groups[m.fastGroup]
            let ls = slow.latency!, lf = fast.latency!
            let ratio = Double(ls.p50) / Double(max(lf.p50, 1))
            sentences.append(
                "Over the whole distribution, a \"\(c.operation)\" span with \(m.slowerTerm) takes longer than one with \(m.fasterTerm) \(NumberFormat.percent(m.probability, .whole)) of the time (Mann–Whitney, \(NumberFormat.pValue(m.p))): p50 \(NumberFormat.duration(nanos: ls.p50, .prose)) against \(NumberFormat.duration(nanos: lf.p50, .prose)) (\(NumberFormat.fixed(ratio, decimals: ratio < 10 ? 1 : 0))×), p99 \(NumberFormat.duration(nanos: ls.p99, .prose)) against \(NumberFormat.duration(nanos: lf.p99, .prose)); \(NumberFormat.count(slow.count)) and \(NumberFormat.count(fast.count)) spans."
            )
        }
        if let r = c.rankCorrelation { sentences.append("Rank correlation with duration: \(NumberFormat.fixed(r, decimals: 2)).") }
        let scope = FilterText.operation(service: c.service, name: c.operation)
        var links: [Finding.Link] = []
        if let f = e.filter { links.append(.traces(filter: scope + " " + f, label: "traces with \(e.term)")) }
        links.append(.comparison(service: c.service, operation: c.operation, attribute: c.attribute, label: "comparison of \(c.attribute)"))
        for (m, _) in mirrors {
            links.append(
                .comparison(
                    service: c.service, operation: c.operation, attribute: m.comparison.attribute,
                    label: "comparison of \(m.comparison.attribute)"))
        }
        for (l, _) in cluster.linked {
            links.append(
                .comparison(
                    service: l.comparison.service, operation: l.comparison.operation, attribute: l.comparison.attribute,
                    label: "comparison of \(l.comparison.attribute) on \(l.comparison.operation)"))
        }
        if let panel = panelLink(a, role: .latency, service: c.service, label: "\(c.service) latency chart") { links.append(panel) }
        var evidence: [Finding.Field] = [
            .init(
                "method",
                .text(
                    "slow = at or above the operation's nearest-rank p95; share of slow vs share of the rest (margin-adjusted difference, two-proportion z test) and, for categorical attributes, Mann–Whitney over the two largest values; attributes marking the same spans (≥ 99% agreement) merged"
                )),
            .init("operation", .text(c.operation)), .init("spanCount", .integer(Int64(e.marked.count))),
            .init("markedCount", .integer(Int64(e.marked.filter { $0 }.count))),
            .init(
                "attributes",
                .list(
                    [
                        Finding.Value.object([
                            .init("attribute", .text(c.attribute)), .init("value", .text(e.valueText)),
                            .init("agreement", .number(1)),
                        ])
                    ]
                        + mirrors.map { m, agreement in
                            .object([
                                .init("attribute", .text(m.comparison.attribute)), .init("value", .text(m.valueText)),
                                .init("agreement", .number(agreement)),
                            ])
                        })),
            .init(
                "linked",
                .list(
                    cluster.linked.map { l, link -> Finding.Value in
                        .object([
                            .init("service", .text(l.comparison.service)), .init("operation", .text(l.comparison.operation)),
                            .init("attribute", .text(l.comparison.attribute)), .init("value", .text(l.valueText)),
                            .init("traceAgreement", .number(link)),
                        ])
                    })),
            .init("slowThresholdMs", .number(LatencySummary.milliseconds(c.slowThresholdNanos))),
            .init("slowCount", .integer(Int64(c.slowCount))), .init("restCount", .integer(Int64(c.restCount))),
        ]
        evidence += [
            .init("slowShare", .number(g.slowShare)), .init("restShare", .number(g.restShare)),
            .init("shareScore", .number(e.share.score)), .init("shareP", .number(e.share.p)), .init("sharePasses", .flag(e.share.passes)),
        ]
        if let m = e.separation {
            evidence += [
                .init("slower", .text(c.groups[m.slowGroup].value)), .init("faster", .text(c.groups[m.fastGroup].value)),
                .init("probabilitySlower", .number(m.probability)), .init("mannWhitneyP", .number(m.p)),
                .init("mannWhitneyPasses", .flag(m.passes)),
            ]
        }
        let high = (e.share.passes && e.share.score >= 0.6) || e.separation?.passes == true
        return Finding(
            id: "attribute-" + c.attribute, severity: high ? "high" : "medium", title: title,
            detail: sentences.joined(separator: " "), service: c.service, kind: .attribute, operation: c.operation,
            strength: e.strength, evidence: evidence, links: links)
    }

    /// The span indexes of each wanted (service, operation), in snapshot order.
    static func operationSpans(_ snapshot: Snapshot, wanted: Set<AttributeComparison.OperationKey>) -> [AttributeComparison.OperationKey:
        [Int]]
    {
        wanted.isEmpty ? [:] : AttributeComparison.spansByOperation(snapshot, only: wanted)
    }

    /// The first dashboard panel that shows this (its role, and its service when given) and has
    /// data, as a link: found by what it shows, so a dashboard file may name it anything.
    static func panelLink(_ a: SnapshotAnalysis, role: PanelRole, service: String? = nil, label: String) -> Finding.Link? {
        for d in a.dashboards {
            for p in d.panels where p.role == role && p.hasData && (service == nil || p.service == service) {
                return .panel(dashboard: d.id, panel: p.id, label: label)
            }
        }
        return nil
    }
}
