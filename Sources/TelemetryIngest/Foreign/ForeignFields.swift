import TelemetryModel
import Vocabulary

/// Field conventions shared by the Jaeger, Zipkin and OpenSearch decoders: span kinds and
/// status codes in their various spellings, microsecond times, and
/// Elasticsearch/OpenSearch `_bulk` action lines.
enum ForeignFields {
    /// A span kind as any of these formats spells it: `server` (Jaeger `span.kind` tag),
    /// `SERVER` (Zipkin, 2020 Data Prepper), `SPAN_KIND_SERVER` (Data Prepper), `Server`
    /// (ss4o). Nil when not a kind name.
    static func spanKind(_ text: String) -> SpanKind? {
        var name = text.uppercased()
        if name.hasPrefix("SPAN_KIND_") { name.removeFirst(10) }
        switch name {
        case "SERVER": return .server
        case "CLIENT": return .client
        case "PRODUCER": return .producer
        case "CONSUMER": return .consumer
        case "INTERNAL": return .internal
        case "UNSPECIFIED", "": return .unspecified
        default: return nil
        }
    }

    /// A status code name: `ERROR`, `STATUS_CODE_ERROR`, `Error` (ss4o), or "0"–"2".
    static func statusCode(_ text: String) -> StatusCode? {
        if let n = Int(text) { return statusCode(n) }
        var name = text.uppercased()
        if name.hasPrefix("STATUS_CODE_") { name.removeFirst(12) }
        switch name {
        case "UNSET", "": return .unset
        case "OK": return .ok
        case "ERROR": return .error
        default: return nil
        }
    }

    /// A numeric status code. 0–2 are OTLP's codes; Data Prepper documents from 2020 carry
    /// the older OpenTelemetry proto's gRPC canonical codes (e.g. 6 "Already exists"), where
    /// every non-zero code meant failure, so those count as ERROR.
    static func statusCode(_ code: Int) -> StatusCode {
        switch code {
        case 0: return .unset
        case 1: return .ok
        default: return .error
        }
    }

    /// Microseconds (Jaeger and Zipkin times) to nanoseconds; nil on overflow.
    static func nanos(micros: Int64) -> Int64? {
        let (v, overflow) = micros.multipliedReportingOverflow(by: 1000)
        return overflow ? nil : v
    }

    /// `nanos` when it lies in `UTCTime.supportedNanos`; otherwise an error at `node` (the
    /// field that gave the time, or the duration that put an end past it).
    static func supported(_ nanos: Int64, at node: JSONNode) throws(JSONError) -> Int64 {
        guard UTCTime.supportedNanos.contains(nanos) else { throw JSONError(offset: node.offset, message: UTCTime.rejection(of: nanos)) }
        return nanos
    }

    /// Microseconds written as a JSON number that may have a fraction (`1.5`), to nanoseconds.
    static func nanos(micros node: JSONNode) -> Int64? {
        if let i = node.int64 { return nanos(micros: i) }
        guard let d = node.double, d.isFinite, abs(d) < 9.2e15 else { return nil }
        return Int64((d * 1000).rounded())
    }

    /// True for an Elasticsearch/OpenSearch `_bulk` action line: one key among `index`,
    /// `create`, `update`, `delete` whose value is an object
    /// (https://opensearch.org/docs/latest/api-reference/document-apis/bulk/).
    static func isBulkAction(_ node: JSONNode) -> Bool {
        let members = node.members
        guard members.count == 1, members[0].node.isObject else { return false }
        return ["index", "create", "update", "delete"].contains(members[0].key)
    }

    /// The key of a flattened OpenSearch/Elasticsearch field with its dots restored: Jaeger's
    /// ES mapping and Data Prepper write `http@method` for `http.method`, because a dot in a
    /// field name would make a nested object.
    static func undotted(_ key: String) -> String {
        key.contains("@") ? String(key.map { $0 == "@" ? "." : $0 }) : key
    }
}
