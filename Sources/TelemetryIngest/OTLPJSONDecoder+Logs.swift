import TelemetryModel

/// `ResourceLogs` → `ScopeLogs` → `LogRecord` (opentelemetry-proto `logs/v1/logs.proto`).
///
/// Records are built as `LogRecord` values and appended to the builder's log table, which
/// interns their strings; logs are read far less than spans, so they skip the byte-level
/// interning of the span path. As for spans, fields come in any order, so resource and scope
/// indexes are written once the enclosing object is closed. `eventName`, `flags` and
/// `droppedAttributesCount` are not used by the report and are skipped.
extension OTLPJSONDecoder {
    /// `SEVERITY_NUMBER_UNSPECIFIED`, `SEVERITY_NUMBER_TRACE`, `…TRACE2` … `…FATAL4`, by number.
    static let severityNumberNames: [String] =
        ["UNSPECIFIED"]
        + ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"].flatMap {
            [$0, $0 + "2", $0 + "3", $0 + "4"]
        }

    mutating func decodeResourceLogs() throws(JSONError) {
        var resource = Resource()
        let first = builder.logs.count
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            switch Self.fieldName(key) {
            case "resource":
                resource = try decodeResource()
            case "scopeLogs", "instrumentationLibraryLogs":
                try reader.beginArray()
                while try reader.nextElement() {
                    if reader.skipNull() { continue }
                    try decodeScopeLogs()
                }
            default:
                try reader.skipValue()
            }
        }
        let resourceIndex = builder.intern(resource)
        let last = builder.logs.count
        for i in first..<last { builder.logs.resourceIndexes[i] = resourceIndex }
        logCount += last - first
    }

    mutating func decodeScopeLogs() throws(JSONError) {
        var scope = InstrumentationScope()
        let first = builder.logs.count
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            switch Self.fieldName(key) {
            case "scope", "instrumentationLibrary":
                scope = try decodeScope()
            case "logRecords", "logs":
                try reader.beginArray()
                while try reader.nextElement() {
                    if reader.skipNull() { continue }
                    builder.logs.append(try decodeLogRecord())
                }
            default:
                try reader.skipValue()
            }
        }
        let scopeIndex = builder.intern(scope)
        for i in first..<builder.logs.count { builder.logs.scopeIndexes[i] = scopeIndex }
    }

    /// `LogRecord`. Missing fields keep their proto defaults (zero times, severity unspecified,
    /// empty body, no trace context); empty id strings mean "no id" (otel-tui writes them).
    mutating func decodeLogRecord() throws(JSONError) -> LogRecord {
        var record = LogRecord()
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            switch Self.fieldName(key) {
            case "timeUnixNano": record.timeUnixNano = try readTime()
            case "observedTimeUnixNano": record.observedTimeUnixNano = try readTime()
            case "severityNumber":
                record.severityNumber = try readEnum(
                    prefix: "SEVERITY_NUMBER_", names: Self.severityNumberNames,
                    what: "a severity number (0–24 or SEVERITY_NUMBER_…)")
            case "severityText": record.severityText = try readString()
            case "body": record.body = try decodeAnyValue(depth: 0)
            case "attributes": record.attributes = try decodeAttributes(depth: 0)
            case "traceId": record.traceID = try readTraceID()
            case "spanId": record.spanID = try readSpanID()
            default: try reader.skipValue()
            }
        }
        return record
    }
}

extension OTLPJSONDecoder {
    /// `parentSpanId` that is not an id but a word for "none" (`"null"`, `"nil"`, `"none"`,
    /// `"undefined"`, as some exporters and hand-made files write for a root): the span is a
    /// root, and the first one is reported. Only reached when the id did not parse, so the
    /// usual path pays nothing.
    static func isNoParentPlaceholder(_ text: String) -> Bool {
        ["null", "nil", "none", "undefined"].contains(text.lowercased())
    }
}
