import TelemetryModel
import Vocabulary

/// The collector's `spanmetrics` connector, run over exactly the spans the simulator writes,
/// so that the metrics file agrees with the traces file call for call.
///
/// Behaviour copied from opentelemetry-collector-contrib `connector/spanmetricsconnector`:
/// - metric names with the default namespace: `traces.span.metrics.calls` (monotonic cumulative
///   sum, integer points, no unit) and `traces.span.metrics.duration` (cumulative explicit-bucket
///   histogram, unit `ms`, buckets upper-inclusive as `sort.SearchFloat64s` places them);
/// - point attributes `service.name`, `span.name`, `span.kind` (`SPAN_KIND_SERVER`, …) and
///   `status.code` (`STATUS_CODE_UNSET`, `STATUS_CODE_ERROR`);
/// - one resource per service holding only the `resource_metrics_key_attributes`
///   (`service.name`, `telemetry.sdk.language`, `telemetry.sdk.name`): with that setting the
///   recommendationservice restarts do not split or reset its counters;
/// - scope `spanmetricsconnector`; every point's start time is the connector's start (the run's
///   start); a flush every 15 s re-emits every series seen so far, with its cumulative value;
/// - exemplars are disabled (the connector's default before v0.94), which keeps the file small.
///
/// A span is counted in the first flush at or after its end time (the connector sees a span
/// once it has ended and been exported).
struct SpanMetricsConnector {
    struct Key: Hashable, Comparable {
        var service: DemoService
        var name: String
        var kind: SpanKind
        var error: Bool

        static func < (lhs: Key, rhs: Key) -> Bool {
            if lhs.service != rhs.service { return lhs.service < rhs.service }
            if lhs.name != rhs.name { return lhs.name < rhs.name }
            if lhs.kind != rhs.kind { return lhs.kind.rawValue < rhs.kind.rawValue }
            return !lhs.error && rhs.error
        }
    }

    struct Accumulator {
        var count: UInt64 = 0
        var sumMs = 0.0
        var buckets = [UInt64](repeating: 0, count: SpanMetricsConnector.boundsMs.count + 1)

        mutating func add(_ other: Accumulator) {
            count += other.count
            sumMs += other.sumMs
            for index in buckets.indices { buckets[index] += other.buckets[index] }
        }
    }

    /// The scenario's explicit bounds in milliseconds (DESIGN §8).
    static let boundsMs: [Double] = [2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10000, 15000]
    static let flushIntervalNanos: Int64 = 15_000_000_000

    let start: Int64
    private var cumulative: [Key: Accumulator] = [:]
    /// Deltas not yet flushed, by flush number (flush k happens at start + k · 15 s).
    private var pending: [Int: [Key: Accumulator]] = [:]
    private var attributeJSON: [Key: [UInt8]] = [:]

    init(start: Int64) {
        self.start = start
    }

    /// The flush that first includes a span ending at `end`: the smallest k ≥ 1 with
    /// start + k · 15 s ≥ end.
    func flushNumber(forEnd end: Int64) -> Int {
        let elapsed = end - start
        return max(1, Int((elapsed + Self.flushIntervalNanos - 1) / Self.flushIntervalNanos))
    }

    /// The bucket a duration falls in: the first bound ≥ the value, else the +Inf bucket.
    static func bucketIndex(forMs value: Double) -> Int {
        boundsMs.firstIndex { value <= $0 } ?? boundsMs.count
    }

    /// The last flush that has spans waiting, if any.
    var lastPendingFlush: Int? { pending.keys.max() }

    mutating func record(_ span: SimulatedSpan, service: DemoService) {
        let key = Key(service: service, name: span.name, kind: span.kind, error: span.status == .error)
        let ms = Double(max(0, span.durationNanos)) / 1e6
        let flush = flushNumber(forEnd: span.end)
        var delta = pending[flush, default: [:]][key, default: Accumulator()]
        delta.count += 1
        delta.sumMs += ms
        delta.buckets[Self.bucketIndex(forMs: ms)] += 1
        pending[flush, default: [:]][key] = delta
    }

    /// Applies flush `number`'s deltas and writes the connector's export as one
    /// `ExportMetricsServiceRequest`. Returns the number of data points written (0 when no
    /// span has been seen yet, in which case nothing is written).
    mutating func writeFlush(_ number: Int, to json: inout OTLPJSONText) -> Int {
        if let deltas = pending.removeValue(forKey: number) {
            for (key, delta) in deltas { cumulative[key, default: Accumulator()].add(delta) }
        }
        guard !cumulative.isEmpty else { return 0 }
        let time = start + Int64(number) * Self.flushIntervalNanos
        let keys = cumulative.keys.sorted()
        var points = 0
        json.raw("{\"resourceMetrics\":[")
        var first = 0
        while first < keys.count {
            let service = keys[first].service
            var last = first
            while last + 1 < keys.count, keys[last + 1].service == service { last += 1 }
            let group = keys[first...last]
            if first > 0 { json.raw(",") }
            json.raw("{\"resource\":")
            json.raw(DemoTopology.spanMetricsResourceJSON(service))
            json.raw(",\"scopeMetrics\":[{\"scope\":{\"name\":\"spanmetricsconnector\"},\"metrics\":[")
            json.raw("{\"name\":\"traces.span.metrics.calls\",\"sum\":{\"dataPoints\":[")
            for (index, key) in group.enumerated() {
                if index > 0 { json.raw(",") }
                writePointHead(key, time: time, to: &json)
                json.raw(",\"asInt\":")
                json.quotedInteger(cumulative[key]!.count)
                json.raw("}")
            }
            json.raw("],\"aggregationTemporality\":2,\"isMonotonic\":true}},")
            json.raw("{\"name\":\"traces.span.metrics.duration\",\"unit\":\"ms\",\"histogram\":{\"dataPoints\":[")
            for (index, key) in group.enumerated() {
                if index > 0 { json.raw(",") }
                let value = cumulative[key]!
                writePointHead(key, time: time, to: &json)
                json.raw(",\"count\":")
                json.quotedInteger(value.count)
                json.raw(",\"sum\":")
                json.number(value.sumMs)
                json.raw(",\"bucketCounts\":[")
                for (bucket, count) in value.buckets.enumerated() {
                    if bucket > 0 { json.raw(",") }
                    json.quotedInteger(count)
                }
                json.raw("],\"explicitBounds\":")
                json.raw(Self.boundsJSON)
                json.raw("}")
            }
            json.raw("],\"aggregationTemporality\":2}}]}]}")
            points += 2 * group.count
            first = last + 1
        }
        json.raw("]}")
        return points
    }

    private mutating func writePointHead(_ key: Key, time: Int64, to json: inout OTLPJSONText) {
        json.raw("{\"attributes\":")
        if let cached = attributeJSON[key] {
            json.raw(cached)
        } else {
            var text = OTLPJSONText(capacity: 256)
            text.attributes([
                Attribute(key: "service.name", value: .string(key.service.name)),
                Attribute(key: "span.name", value: .string(key.name)),
                Attribute(key: "span.kind", value: .string(Self.kindName(key.kind))),
                Attribute(key: "status.code", value: .string(key.error ? "STATUS_CODE_ERROR" : "STATUS_CODE_UNSET")),
            ])
            attributeJSON[key] = text.bytes
            json.raw(text.bytes)
        }
        json.raw(",\"startTimeUnixNano\":")
        json.quotedInteger(start)
        json.raw(",\"timeUnixNano\":")
        json.quotedInteger(time)
    }

    /// The connector's spelling of a span kind (`traceutil.SpanKindStr`).
    static func kindName(_ kind: SpanKind) -> String {
        switch kind {
        case .unspecified: return "SPAN_KIND_UNSPECIFIED"
        case .internal: return "SPAN_KIND_INTERNAL"
        case .server: return "SPAN_KIND_SERVER"
        case .client: return "SPAN_KIND_CLIENT"
        case .producer: return "SPAN_KIND_PRODUCER"
        case .consumer: return "SPAN_KIND_CONSUMER"
        }
    }

    private static let boundsJSON = "[" + boundsMs.map { NumberFormat.shortest($0) }.joined(separator: ",") + "]"
}
