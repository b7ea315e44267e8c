/// Recognises log records stored as documents — OpenSearch/Data Prepper `logs-otel-v1-*`
/// (`time`, `observedTime`, `body`, `severityText`, `severityNumber`, `traceId`, `spanId`) and
/// the ss4o logs schema (`@timestamp`, `body`, `severity: {text, number}`) — so that they are
/// never taken for spans: they carry `traceId` and `spanId` too, but no start time, and read
/// as spans they became nameless zero-length spans at 1970.
///
/// They are decoded into the snapshot's log table (`OpenSearchSpanDecoder.decodeLog`); this is
/// the one place that decides what a log document is.
/// https://github.com/opensearch-project/data-prepper/tree/main/data-prepper-plugins/opensearch
/// (the `logs-otel-v1` index template), https://opensearch.org/docs/latest/observing-your-data/ss4o/.
enum LogDocument {
    /// Fields only a log record has (as Data Prepper and ss4o name them, nested or flattened).
    static let logOnlyKeys: Set<String> = [
        "body", "severityText", "severityNumber", "severity", "observedTime",
        "observedTimestamp", "severity.text", "severity.number",
    ]

    /// The time fields of log documents; with a log-only field, they let a file whose first
    /// document is a log be claimed (and its logs counted) even without trace context.
    static let timeKeys: Set<String> = ["time", "@timestamp", "observedTime", "observedTimestamp"]

    /// True when a document with these top-level keys is a log record: it has a log-only field
    /// and none of the fields a span must have (`startTime`).
    static func isLog(_ keys: Set<String>) -> Bool {
        !keys.contains("startTime") && !keys.contains("durationInNanos") && !keys.isDisjoint(with: logOnlyKeys)
    }
}
