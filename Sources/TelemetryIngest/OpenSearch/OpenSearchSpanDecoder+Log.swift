import TelemetryModel

/// Data Prepper log documents (the `logs-otel-v1-*` indices its `otel-logs-source` pipeline
/// writes, and ss4o logs) → `LogRecord`.
///
/// The fields, as Data Prepper's `OpenTelemetryLog` serialises them: `time` and `observedTime`
/// (RFC 3339 with nanoseconds), `severityText`, `severityNumber`, `body` (a string, or any JSON
/// value for structured bodies), `traceId` and `spanId` (hex; empty when the record has no trace
/// context), `serviceName`, attributes flattened as `attributes.<key>` or `log.attributes.<key>`
/// and the resource as `resource.attributes.<key>` (a key's own dots written `@`), or nested
/// objects (`attributes: {…}`, `resource: {attributes: {…}}`). The ss4o (Simple Schema for
/// Observability) log fields are read too: `@timestamp`, `observedTimestamp`, `severity: {text,
/// number}`. A log document is told from a span document by having a severity or a body and no
/// `startTime`.
extension OpenSearchSpanDecoder {
    static func isLogRecord(_ keys: Set<String>) -> Bool { LogDocument.isLog(keys) }

    mutating func decodeLog(_ node: JSONNode) throws(JSONError) -> LogRecord {
        var record = LogRecord()
        var attributes: [Attribute] = []
        var resource: [Attribute] = []
        var scope = InstrumentationScope()
        for member in node.members {
            let key = member.key, value = member.node
            if case .null = value.value { continue }
            switch key {
            case "time", "@timestamp": record.timeUnixNano = try Self.time(value)
            case "observedTime", "observedTimestamp": record.observedTimeUnixNano = try Self.time(value)
            case "severityText", "severity.text": record.severityText = value.text ?? ""
            case "severityNumber", "severity.number":
                guard let n = value.int64 ?? value.string.flatMap({ Int64($0) }), (0...24).contains(n) else {
                    throw value.mismatch("a severity number (0–24)")
                }
                record.severityNumber = Int(n)
            case "severity":
                record.severityText = value["text"]?.text ?? record.severityText
                if let n = value["number"]?.int64, (0...24).contains(n) { record.severityNumber = Int(n) }
            case "body":
                record.body = value.attributeValue
            case "traceId":
                guard let text = value.string else { throw value.mismatch("a trace id (hex or base64, or \"\")") }
                if !text.isEmpty { record.traceID = ForeignIdentifiers.traceID(text).id }
            case "spanId":
                guard let text = value.string else { throw value.mismatch("a span id (hex or base64, or \"\")") }
                if !text.isEmpty { record.spanID = ForeignIdentifiers.spanID(text).id }
            case "serviceName": resource.append(Attribute(key: "service.name", value: .string(value.text ?? "")))
            case "attributes": Self.flatten(value, prefix: "", into: &attributes)
            case "log": if let nested = value["attributes"] { Self.flatten(nested, prefix: "", into: &attributes) }
            case "resource":
                Self.flatten(value["attributes"] ?? value, prefix: "", into: &resource, skipping: ["droppedAttributesCount", "schemaUrl"])
            case "instrumentationScope":
                scope.name = value["name"]?.text ?? scope.name
                scope.version = value["version"]?.text ?? scope.version
            case "instrumentationScope.name": scope.name = value.text ?? ""
            case "instrumentationScope.version": scope.version = value.text ?? ""
            default:
                _ =
                    Self.flatten(value, field: key, under: "log.attributes.", into: &attributes)
                    || Self.flatten(value, field: key, under: "attributes.", into: &attributes)
                    || Self.flatten(value, field: key, under: "resource.attributes.", into: &resource)
            }
        }
        record.attributes = attributes
        record.resourceIndex = builder.intern(Self.documentResource(resource))
        record.scopeIndex = builder.intern(scope)
        return record
    }
}
