import TelemetryModel
import Vocabulary

/// Responses of the Prometheus HTTP API saved to a file (DESIGN §3.5): `/api/v1/query_range`
/// (matrix), `/api/v1/query` (vector, scalar, string) and `/api/v1/query_exemplars`, in the
/// envelope `{"status": "success"|"warning"|"error", "data": …, "warnings": […]}`
/// (prometheus.io/docs/prometheus/latest/querying/api/, "Format overview" and "Expression
/// query result formats").
///
/// Each result series becomes one `MetricSeries` mapped by `PrometheusSeriesMapping` (name from
/// `__name__`, "" when the query dropped it; `job`/`instance` → resource; kind guessed from the
/// name, `_bucket` series kept raw with their `le` label). `status: "error"` makes the file
/// fail with the API's `errorType` and `error`; `warnings` and `infos` are kept as warnings
/// and notes. The exemplars endpoint is recognised and noted but gives no samples.
public enum PrometheusAPIJSONFormat: TelemetryFormat {
    public static let name = "prometheus-api-json"

    static let statuses: Set<String> = ["success", "warning", "error"]
    static let sniffLimit = 1 << 20

    /// True when the top-level object has a `status` of "success", "warning" or "error" and a
    /// `data` or `errorType` member. OTLP, Jaeger (`{"data": […], "total": …}`), Zipkin and
    /// OpenSearch documents have no such `status` string, so none of them is claimed.
    public static func sniff(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var reader = JSONReader(bytes: bytes, start: OTLPJSONFormat.bomLength(bytes), end: min(bytes.count, sniffLimit))
        var status: String?
        var hasBody = false
        do {
            guard try reader.peek() == .object else { return false }
            try reader.beginObject()
            while let key = try reader.nextKey() {
                switch key {
                case "status":
                    guard try reader.peek() == .string else { return false }
                    status = try reader.readString()
                case "data", "errorType":
                    hasBody = true
                    if status != nil { break }
                    try reader.skipValue()
                default:
                    try reader.skipValue()
                }
                if let status, hasBody { return statuses.contains(status) }
            }
        } catch {
            return false
        }
        return false
    }

    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, file: String) -> FileDecodeResult {
        let start = OTLPJSONFormat.bomLength(bytes)
        var decoder = PrometheusAPIJSONDecoder(reader: JSONReader(bytes: bytes, start: start))
        do {
            try decoder.decode()
        } catch {
            return .failed([Diagnostic(error, in: bytes, file: file, documentStart: start)])
        }
        let messages = decoder.messages.map {
            Diagnostic($0.error, in: bytes, file: file, documentStart: start, severity: $0.severity)
        }
        if let failure = decoder.apiError {
            return .failed([Diagnostic(failure, in: bytes, file: file, documentStart: start)] + messages)
        }
        return .decoded(
            DecodedFile(
                snapshot: decoder.builder.finish(), spanCount: 0,
                metricPointCount: decoder.pointCount, warnings: messages))
    }
}
