import TelemetryModel

/// Jaeger JSON (DESIGN §3.2): the query service's `/api/traces` responses and the UI's
/// "Download JSON" (`{"data": [trace…], "total", "limit", "offset", "errors"}`), the UI's
/// internal trace (`{"data": trace}`), bare trace objects (`{traceID, spans, processes}`),
/// bare span arrays with inline `process`, Elasticsearch/OpenSearch `jaeger-span` documents
/// (single or in `_bulk` NDJSON; `jaeger-service` documents are recognised and skipped), and
/// api_v2 proto-JSON (`{"spans": […]}` with base64 ids and RFC 3339 times).
/// Models: https://github.com/jaegertracing/jaeger/tree/main/model/json (UI JSON),
/// https://github.com/jaegertracing/jaeger/tree/main/internal/storage/v1/elasticsearch/dbmodel
/// (ES documents), https://github.com/jaegertracing/jaeger-idl/blob/main/proto/api_v2/model.proto.
public enum JaegerJSONFormat: TelemetryFormat {
    public static let name = "jaeger-json"

    /// True when the first span (found through the envelopes above) has `operationName` or
    /// the capitalised `spanID`, which no other format uses, or the file is an empty
    /// `/api/traces` answer.
    public static func sniff(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let probe = DocumentProbe(bytes)
        let keys = probe.recordKeys
        if keys.contains("operationName") || keys.contains("spanID") || keys.contains("operation_name") { return true }
        if probe.topKeys.contains("traceID") && probe.topKeys.contains("spans") { return true }
        return probe.topKeys.contains("data") && probe.topKeys.contains("total") && probe.topKeys.contains("limit")
    }

    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, file: String) -> FileDecodeResult {
        JaegerJSONDecoder.decodeFile(bytes, file: file)
    }
}
