import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// `report.json` (schemaVersion 1, DESIGN §5): every number the pages show, for machines.
/// Durations are exact (ns / 1e6); trace ids are 32 lowercase hex digits; lists are in the
/// documented order, so two runs give identical bytes.
struct ReportJSON {
    let context: RenderContext
    let findings: [Finding]

    func value() -> JSONValue {
        let a = context.analysis
        let pageLinker = Linker(layout: context.options.layout, current: .index)
        let breakdowns: JSONValue = .array(a.breakdowns.map(IssueFifteenJSON.breakdown))
        let windows: JSONValue = a.windows.map(IssueFifteenJSON.windows) ?? .null
        let correlation: JSONValue = a.resourceCorrelation.map(IssueFifteenJSON.correlation) ?? .null
        return .object([
            ("schemaVersion", .int(1)),
            ("generatedAt", .string(UTCTime.rfc3339(nanos: context.options.generatedAtNanos))),
            ("snapshot", snapshot()),
            (
                "services",
                .array(
                    a.services.map { s in
                        .object([
                            ("name", .string(s.name)), ("spanCount", .int(Int64(s.spanCount))), ("errorCount", .int(Int64(s.errorCount))),
                            ("latencyMs", latency(s.latency)),
                        ])
                    })
            ),
            (
                "slowestTraces",
                .array(
                    a.slowest.map { t in
                        .object([
                            ("traceId", .string(t.traceID.hex)),
                            ("durationMs", .number(LatencySummary.milliseconds(t.durationNanos))),
                            ("spanCount", .int(Int64(t.spanCount))), ("errorCount", .int(Int64(t.errorCount))),
                            ("rootService", .string(t.rootService)), ("rootName", .string(t.rootName)),
                            ("startTime", .string(UTCTime.rfc3339(nanos: t.startTimeUnixNano))),
                            ("page", context.hasWaterfall.contains(t.traceID) ? .string(pageLinker.href(.trace(t.traceID))) : .null),
                            ("baseline", a.baselines.baseline(of: t, in: a.traces).map { .string($0.traceID.hex) } ?? .null),
                        ])
                    })
            ),
            (
                "dashboards",
                .array(
                    a.dashboards.map { d in
                        .object([
                            ("id", .string(d.id)), ("title", .string(d.title)),
                            ("panels", .array(d.panels.map(panel))),
                        ])
                    })
            ),
            ("comparisons", .array(a.comparisons.prefix(20).map(comparison))),
            ("slowTraceBreakdowns", breakdowns),
            ("windows", windows),
            ("resourceCorrelation", correlation),
            ("logs", logs(a.logStatistics)),
            ("exceptions", .array(a.exceptions.map(exception))),
            ("serviceMap", serviceMap(a.serviceMap)),
            (
                "findings",
                .array(
                    findings.map { f in
                        .object([
                            ("id", .string(f.id)), ("severity", .string(f.severity)), ("title", .string(f.title)),
                            ("detail", .string(f.detail)), ("service", f.service.map { .string($0) } ?? .null),
                            ("kind", .string(f.kind.rawValue)), ("operation", f.operation.map { .string($0) } ?? .null),
                            ("strength", .number(f.strength)), ("evidence", .object(f.evidence.map { ($0.key, Self.evidence($0.value)) })),
                            (
                                "links",
                                .array(
                                    FindingLinks(context: context, linker: pageLinker).resolved(f).map { l in
                                        .object([("label", .string(l.label)), ("href", .string(l.href))])
                                    })
                            ),
                        ])
                    })
            ),
        ])
    }

    /// `snapshot`: what was read and what was kept.
    func snapshot() -> JSONValue {
        let a = context.analysis
        let snap = a.snapshot
        return .object([
            ("inputs", .inputList(snap.inputs)),
            ("spanCount", .int(Int64(snap.spans.count))),
            ("traceCount", .int(Int64(a.traces.count))),
            ("traceLatencyMs", traceLatency(context.traceLatency)),
            ("metricPointCount", .int(Int64(snap.metricPointCount))),
            ("startTime", a.timeRange.map { .string(UTCTime.rfc3339(nanos: $0.lowerBound)) } ?? .null),
            ("endTime", a.timeRange.map { .string(UTCTime.rfc3339(nanos: $0.upperBound)) } ?? .null),
            ("services", .array(a.services.map { .string($0.name) })),
            ("focusService", a.focusService.map { .string($0) } ?? .null),
            ("filter", context.options.filterNote.map { .string($0) } ?? .null),

        ])
    }

    /// `logs`: record counts by severity bucket (all seven, TRACE … FATAL then UNSPECIFIED),
    /// records with trace context, and per service records and ERROR + FATAL records.
    func logs(_ l: LogStatistics) -> JSONValue {
        .object([
            ("recordCount", .int(Int64(l.recordCount))),
            ("bySeverity", .object(LogSeverity.reportOrder.map { ($0.name, .int(Int64(l.bySeverity[$0] ?? 0))) })),
            ("withTraceContext", .int(Int64(l.withTraceContext))),
            (
                "services",
                .array(
                    l.services.map { s in
                        .object([
                            ("name", .string(s.name)), ("recordCount", .int(Int64(s.recordCount))),
                            ("errorCount", .int(Int64(s.errorCount))),
                        ])
                    })
            ),
        ])
    }

    func exception(_ e: ExceptionGroup) -> JSONValue {
        .object([
            ("service", .string(e.service)), ("type", .string(e.type)), ("message", .string(e.message)),
            ("spanEvents", .int(Int64(e.spanEvents))), ("logRecords", .int(Int64(e.logRecords))),
            ("traceCount", .int(Int64(e.traceCount))),
            ("firstSeen", .string(UTCTime.rfc3339(nanos: e.firstSeen))), ("lastSeen", .string(UTCTime.rfc3339(nanos: e.lastSeen))),
        ])
    }

    func serviceMap(_ m: ServiceMap) -> JSONValue {
        .object([
            (
                "nodes",
                .array(
                    m.nodes.map { n in
                        .object([
                            ("name", .string(n.name)), ("virtual", .bool(n.isVirtual)), ("spanCount", .int(Int64(n.spanCount))),
                            ("errorCount", .int(Int64(n.errorCount))),
                        ])
                    })
            ),
            (
                "edges",
                .array(
                    m.edges.map { e in
                        .object([
                            ("source", .string(e.source)), ("target", .string(e.target)), ("calls", .int(Int64(e.calls))),
                            ("errors", .int(Int64(e.errors))), ("p50Ms", .number(LatencySummary.milliseconds(e.p50Nanos))),
                            ("p99Ms", .number(LatencySummary.milliseconds(e.p99Nanos))),
                        ])
                    })
            ),
        ])
    }

    /// A finding's cited number or text as JSON.
    static func evidence(_ v: Finding.Value) -> JSONValue {
        switch v {
        case .number(let d): return .number(d)
        case .integer(let i): return .int(i)
        case .text(let s): return .string(s)
        case .flag(let b): return .bool(b)
        case .labels(let l): return .object(l.keys.sorted().map { ($0, .string(l[$0]!)) })
        case .list(let items): return .array(items.map(evidence))
        case .object(let fields): return .object(fields.map { ($0.key, evidence($0.value)) })
        }
    }

    func comparison(_ c: AttributeComparison) -> JSONValue {
        .object([
            ("service", .string(c.service)), ("operation", .string(c.operation)), ("attribute", .string(c.attribute)),
            ("kind", .string(c.kind.rawValue)), ("score", .number(c.score)),
            ("slowThresholdMs", .number(LatencySummary.milliseconds(c.slowThresholdNanos))),
            ("slowCount", .int(Int64(c.slowCount))), ("restCount", .int(Int64(c.restCount))),
            (
                "groups",
                .array(
                    c.groups.map { g in
                        .object([
                            ("value", .string(g.value)), ("count", .int(Int64(g.count))),
                            ("slowShare", .number(g.slowShare)), ("restShare", .number(g.restShare)),
                            ("latencyMs", g.latency.map(latency) ?? .null),
                        ])
                    })
            ),
            ("rankCorrelation", .double(c.rankCorrelation)),
            (
                "separation",
                c.separation.map { s in
                    .object([("slower", .string(s.slower)), ("faster", .string(s.faster)), ("probability", .number(s.probability))])
                } ?? .null
            ),
        ])
    }

    /// Nearest-rank p50/p95/p99/max of the trace durations (DESIGN §4) of the kept traces
    /// (`RenderContext.traceLatency`), so the trace page's summary for a filter can be checked
    /// against `render --where` of the same expression; null when there are no traces.
    func traceLatency(_ summary: LatencySummary?) -> JSONValue {
        guard let l = summary else { return .null }
        return .object([
            ("p50", .number(LatencySummary.milliseconds(l.p50))), ("p95", .number(LatencySummary.milliseconds(l.p95))),
            ("p99", .number(LatencySummary.milliseconds(l.p99))), ("max", .number(LatencySummary.milliseconds(l.max))),
        ])
    }

    func latency(_ l: LatencySummary) -> JSONValue {
        .object([
            ("p50", .number(LatencySummary.milliseconds(l.p50))), ("p95", .number(LatencySummary.milliseconds(l.p95))),
            ("p99", .number(LatencySummary.milliseconds(l.p99))), ("p999", .number(LatencySummary.milliseconds(l.p999))),
            ("max", .number(LatencySummary.milliseconds(l.max))),
        ])
    }

    func panel(_ p: Panel) -> JSONValue {
        .object([
            ("id", .string(p.id)), ("title", .string(p.title)), ("unit", .string(p.unit)), ("source", .string(p.source)),
            ("method", .string(p.method)), ("stepSeconds", .int(p.stepSeconds)), ("windowSeconds", .int(p.windowSeconds)),
            ("markers", .array(p.markers.map { .object([("time", .int($0.time)), ("label", .string($0.label))]) })),
            (
                "series",
                .array(
                    p.series.map { s in
                        .object([
                            ("name", .string(s.name)),
                            ("labels", .object(s.labels.keys.sorted().map { ($0, .string(s.labels[$0]!)) })),
                            ("points", .array(s.points.map { .array([.int($0.time), .double($0.value)]) })),
                        ])
                    })
            ),
        ])
    }
}
