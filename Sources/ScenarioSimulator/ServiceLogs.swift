import TelemetryModel
import Vocabulary

/// The recommendationservice's log records for `logs.jsonl` (issue 14), derived from each
/// request's spans and written as OTLP JSON `ExportLogsServiceRequest` lines, one per batching
/// window like the traces (the collector's file exporter with a logs pipeline):
/// - INFO "Receive ListRecommendations for product ids:['…', …]" under each
///   `ListRecommendations` server span, as the demo's `recommendation_server.py` logs it;
/// - WARN "Cache miss: fetched N product ids from productcatalogservice" under each
///   `get_product_list` span with `app.cache_hit=false`;
/// - now and then (60% of the `get_product_list` calls that take over 400 ms) an ERROR
///   record with `exception.type` `TimeoutError`, its message and a Python stack trace — the
///   deadline the frontend gives the call running out while the leaking cache is filtered.
/// Records carry the span's trace and span ids and the process's resource. Their random draws
/// come from a stream of their own, so `traces.jsonl` and `metrics.jsonl` are the same with or
/// without them.
struct ServiceLogs {
    struct Record {
        var time: Int64
        var severityNumber: Int
        var severityText: String
        var body: String
        var attributes: [Attribute]
        var traceHigh: UInt64, traceLow: UInt64, spanID: UInt64
        var resource: Int
    }

    private(set) var records: [Record] = []
    private(set) var recordCount = 0
    private var random: SplitMix64

    init(random: SplitMix64) {
        self.random = random
    }

    mutating func record(_ spans: [SimulatedSpan]) {
        for s in spans {
            if s.name == "/hipstershop.RecommendationService/ListRecommendations" && s.kind == .server {
                let ids = (0..<5).map { _ in TraceGenerator.productIDs[Int(random.next() % UInt64(TraceGenerator.productIDs.count))] }
                add(
                    s, at: s.start + 150_000 + Int64(random.next() % 200_000), 9, "INFO",
                    "Receive ListRecommendations for product ids:[" + ids.map { "'" + $0 + "'" }.joined(separator: ", ") + "]")
            } else if s.name == "get_product_list" {
                let hit = s.attributes.first { $0.key == "app.cache_hit" }?.value
                let count = s.attributes.first { $0.key == "app.products.count" }?.value.displayText ?? "0"
                if hit == .bool(false) {
                    add(s, at: s.end - 50_000, 13, "WARNING", "Cache miss: fetched \(count) product ids from productcatalogservice")
                }
                if s.durationNanos > 400_000_000 && random.chance(0.6) {
                    let message = "deadline exceeded while filtering \(count) cached product ids"
                    let stack = """
                        Traceback (most recent call last):
                          File "/app/recommendation_server.py", line 58, in ListRecommendations
                            prod_list = get_product_list(request.product_ids)
                          File "/app/recommendation_server.py", line 96, in get_product_list
                            filtered_products = list(set(product_ids) - set(request_product_ids))
                          File "/usr/local/lib/python3.12/site-packages/grpc/_server.py", line 553, in _check_deadline
                            raise TimeoutError(message)
                        TimeoutError: \(message)
                        """
                    add(
                        s, at: s.end, 17, "ERROR", "Exception on /hipstershop.RecommendationService/ListRecommendations",
                        [
                            Attribute(key: "exception.type", value: .string("TimeoutError")),
                            Attribute(key: "exception.message", value: .string(message)),
                            Attribute(key: "exception.stacktrace", value: .string(stack)),
                        ])
                }
            }
        }
    }

    private mutating func add(
        _ s: SimulatedSpan, at time: Int64, _ number: Int, _ text: String, _ body: String, _ attributes: [Attribute] = []
    ) {
        records.append(
            Record(
                time: time, severityNumber: number, severityText: text, body: body, attributes: attributes,
                traceHigh: s.traceHigh, traceLow: s.traceLow, spanID: s.spanID, resource: s.resource))
    }

    /// Writes the records gathered so far as one line (grouped by resource) and empties the list.
    mutating func write(topology: DemoTopology, to writer: ChunkedFileWriter, buffer json: inout OTLPJSONText) throws {
        guard !records.isEmpty else { return }
        let order = records.indices.sorted {
            records[$0].resource != records[$1].resource ? records[$0].resource < records[$1].resource : $0 < $1
        }
        json.removeAll()
        json.exportRequest(
            "resourceLogs", scopesKey: "scopeLogs", order: order, resource: { records[$0].resource }, topology: topology
        ) { json, run in
            json.raw("{\"scope\":{\"name\":\"recommendationservice\"},\"logRecords\":[")
            for position in run {
                let r = records[order[position]]
                if position > run.lowerBound { json.raw(",") }
                json.raw("{\"timeUnixNano\":")
                json.quotedInteger(r.time)
                json.raw(",\"observedTimeUnixNano\":")
                json.quotedInteger(r.time + 1_000_000)
                json.raw(",\"severityNumber\":")
                json.integer(r.severityNumber)
                json.raw(",\"severityText\":")
                json.string(r.severityText)
                json.raw(",\"body\":{\"stringValue\":")
                json.string(r.body)
                json.raw("}")
                if !r.attributes.isEmpty {
                    json.raw(",\"attributes\":")
                    json.attributes(r.attributes)
                }
                json.raw(",\"traceId\":")
                json.hexID(r.traceHigh, r.traceLow)
                json.raw(",\"spanId\":")
                json.hexID(r.spanID)
                json.raw("}")
            }
            json.raw("]}")
        }
        try writer.writeLine(json)
        recordCount += records.count
        records.removeAll(keepingCapacity: true)
    }
}
