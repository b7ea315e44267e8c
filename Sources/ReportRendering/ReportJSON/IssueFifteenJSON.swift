import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// The `report.json` parts of "where the time goes" (issue 15): the slow-against-rest
/// breakdowns, the windows (after against before) and the resource correlation. Times in ms as
/// ns / 1e6; shares and rates as plain numbers; window bounds as RFC 3339.
enum IssueFifteenJSON {
    static func ms(_ ns: Double) -> JSONValue { .double(ns / 1e6) }
    static func ms(_ ns: Int64?) -> JSONValue { ns.map { .number(LatencySummary.milliseconds($0)) } ?? .null }

    static func breakdown(_ b: SlowTraceBreakdown) -> JSONValue {
        .object([
            ("rootService", .string(b.rootService)), ("rootName", .string(b.rootName)),
            ("traceCount", .int(Int64(b.traceCount))), ("slowCount", .int(Int64(b.slowCount))), ("restCount", .int(Int64(b.restCount))),
            ("restSampled", .int(Int64(b.restSampled))),
            ("slowThresholdMs", .number(LatencySummary.milliseconds(b.slowThresholdNanos))),
            ("slowMeanMs", ms(b.slowMeanDurationNanos)), ("restMeanMs", ms(b.restMeanDurationNanos)),
            ("extraCriticalMs", ms(b.extraCriticalNanos)),
            (
                "operations",
                .array(
                    b.rows.map { r in
                        .object([
                            ("service", .string(r.service)), ("operation", .string(r.operation)),
                            ("slowSelfMs", ms(r.slowSelfNanos)), ("restSelfMs", ms(r.restSelfNanos)),
                            ("slowCriticalMs", ms(r.slowCriticalNanos)), ("restCriticalMs", ms(r.restCriticalNanos)),
                            ("share", .double(r.share)),
                        ])
                    })
            ),
        ])
    }

    static func window(_ w: ClosedRange<Int64>) -> JSONValue {
        .object([("from", .string(UTCTime.rfc3339(nanos: w.lowerBound))), ("to", .string(UTCTime.rfc3339(nanos: w.upperBound)))])
    }

    static func stats(_ s: WindowComparison.Stats) -> JSONValue {
        .object([
            ("count", .int(Int64(s.count))), ("errorCount", .int(Int64(s.errorCount))),
            ("requestRate", .double(s.requestRate)), ("errorRate", .double(s.errorRate)),
            ("p50Ms", ms(s.p50Nanos)), ("p99Ms", ms(s.p99Nanos)),
        ])
    }

    /// The operations' values are made on every core from 4,096 operations: with a span name
    /// per request there are 100k of them, made on one core while the other waited for
    /// `report.json` to be written (issue 7).
    static func windows(_ w: WindowComparison) -> JSONValue {
        let operations = w.operations
        let values =
            operations.count >= 4096
            ? CoreSplit.map(operations.count) { k in operation(operations[k]) } : operations.map(operation)
        return .object([
            ("baseline", window(w.windows.baseline)), ("target", window(w.windows.target)), ("operations", .array(values)),
        ])
    }

    static func operation(_ o: WindowComparison.Operation) -> JSONValue {
        .object([
            ("service", .string(o.service)), ("operation", .string(o.operation)),
            ("baseline", stats(o.baseline)), ("target", stats(o.target)),
            (
                "attributes",
                .array(
                    o.attributes.map { c in
                        .object([
                            ("attribute", .string(c.attribute)), ("kind", .string(c.kind.rawValue)),
                            ("score", .double(c.score)),
                            ("value", .string(c.topValue)),
                            (
                                "groups",
                                .array(
                                    c.groups.map { g in
                                        .object([
                                            ("value", .string(g.value)), ("baselineShare", .double(g.restShare)),
                                            ("targetShare", .double(g.slowShare)),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
        ])
    }

    static func correlation(_ c: ResourceCorrelation) -> JSONValue {
        func one(_ x: ResourceCorrelation.Correlation?) -> JSONValue {
            guard let x else { return .null }
            return .object([("points", .int(Int64(x.points))), ("rho", .double(x.rho)), ("p", .double(x.p)), ("strong", .bool(x.isStrong))])
        }
        return .object([
            ("service", .string(c.service)), ("memoryMetric", c.memoryMetric.map { .string($0) } ?? .null),
            ("cpuMetric", c.cpuMetric.map { .string($0) } ?? .null),
            (
                "instances",
                .array(
                    c.instances.map { i in
                        .object([
                            ("instance", .string(i.key)), ("spanCount", .int(Int64(i.spanCount))), ("memory", one(i.memory)),
                            ("cpu", one(i.cpu)),
                        ])
                    })
            ),
        ])
    }
}
