/// What an OpenSearch index pattern holds, and so how its documents are sorted, filtered to
/// the report's time range and paged with `search_after`. The choice is made from the pattern's
/// name alone (no mapping request), in this order:
/// - a name containing `jaeger` → Jaeger spans, by `startTimeMillis` (a date in epoch ms), ties
///   broken by `spanID`;
/// - a name containing `logs` → log records: Data Prepper `logs-otel-v1-*` by `time`, or, when
///   the name also contains `ss4o`, the ss4o logs schema by `@timestamp`; ties broken by `_id`
///   (log documents have no unique field of their own; OpenSearch sorts on `_id` by default);
/// - anything else → Data Prepper spans (`otel-v1-apm-span-*`), by `startTime`, ties by `spanId`.
/// Spans count against `--max-spans`, log records against `--max-logs`.
public enum OpenSearchIndexKind: Sendable, Equatable {
    case jaegerSpans
    case dataPrepperSpans
    case logs(timeField: String)

    public init(pattern: String) {
        let name = pattern.lowercased()
        if name.contains("jaeger") {
            self = .jaegerSpans
        } else if name.contains("logs") {
            self = .logs(timeField: name.contains("ss4o") ? "@timestamp" : "time")
        } else {
            self = .dataPrepperSpans
        }
    }

    public var isLogs: Bool { if case .logs = self { return true } else { return false } }

    /// The field the documents are sorted and filtered by, and the one that breaks ties.
    public var fields: (time: String, tieBreaker: String) {
        switch self {
        case .jaegerSpans: return ("startTimeMillis", "spanID")
        case .dataPrepperSpans: return ("startTime", "spanId")
        case .logs(let time): return (time, "_id")
        }
    }
}
