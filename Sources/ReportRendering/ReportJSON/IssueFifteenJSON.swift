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

    /// The operations are written straight into bytes as `report.json` is written (on every
    /// core, in runs): with a span name per request there are tens of thousands of them, whose
    /// tree of values was most of the render's work on `report.json` (issue 7).
    static func windows(_ w: WindowComparison) -> JSONValue {
        let operations = w.operations
        return .object([
            ("baseline", window(w.windows.baseline)), ("target", window(w.windows.target)),
            ("operations", .members(JSONValue.Members(count: operations.count) { k, out in operation(operations[k], into: &out) })),
        ])
    }

    static func operation(_ o: WindowComparison.Operation, into out: inout JSONStream) {
        out.objectStart()
        out.member("service", o.service)
        out.member("operation", o.operation)
        out.key("baseline")
        stats(o.baseline, into: &out)
        out.key("target")
        stats(o.target, into: &out)
        out.key("attributes")
        out.arrayStart()
        for c in o.attributes {
            out.item()
            out.objectStart()
            out.member("attribute", c.attribute)
            out.member("kind", c.kind.rawValue)
            out.member("score", number: c.score)
            out.member("value", c.topValue)
            out.key("groups")
            out.arrayStart()
            for g in c.groups {
                out.item()
                out.objectStart()
                out.member("value", g.value)
                out.member("baselineShare", number: g.restShare)
                out.member("targetShare", number: g.slowShare)
                out.objectEnd()
            }
            out.arrayEnd()
            out.objectEnd()
        }
        out.arrayEnd()
        out.objectEnd()
    }

    /// A window's counts, rates and percentiles (ms as `ms` writes them).
    static func stats(_ s: WindowComparison.Stats, into out: inout JSONStream) {
        out.objectStart()
        out.member("count", int: s.count)
        out.member("errorCount", int: s.errorCount)
        out.member("requestRate", number: s.requestRate)
        out.member("errorRate", number: s.errorRate)
        out.member("p50Ms", number: s.p50Nanos.map(LatencySummary.milliseconds))
        out.member("p99Ms", number: s.p99Nanos.map(LatencySummary.milliseconds))
        out.objectEnd()
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
