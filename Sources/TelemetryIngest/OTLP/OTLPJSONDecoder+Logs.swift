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
        logCount += try decodeResourceRows(.logs, resourceMembers: Self.resourceLogsMembers, scopeMembers: Self.scopeLogsMembers) {
            d throws(JSONError) in d.builder.logs.append(try d.decodeLogRecord())
        }
    }

    static let resourceLogsMembers = resourceMembers(scopes: "scopeLogs", legacyScopes: "instrumentationLibraryLogs")
    static let scopeLogsMembers = scopeMembers(items: "logRecords", "logs")

    /// `LogRecord`. Missing fields keep their proto defaults (zero times, severity unspecified,
    /// empty body, no trace context); empty id strings mean "no id" (otel-tui writes them).
    mutating func decodeLogRecord() throws(JSONError) -> LogRecord {
        try decodeObject(LogRecord()) { d, record, field throws(JSONError) in
            switch field {
            case "timeUnixNano": record.timeUnixNano = try d.readTime()
            case "observedTimeUnixNano": record.observedTimeUnixNano = try d.readTime()
            case "severityNumber":
                record.severityNumber = try d.readEnum(
                    prefix: "SEVERITY_NUMBER_", names: Self.severityNumberNames,
                    what: "a severity number (0–24 or SEVERITY_NUMBER_…)")
            case "severityText": record.severityText = try d.readString()
            case "body": record.body = try d.decodeAnyValue(depth: 0)
            case "attributes": record.attributes = try d.decodeAttributes(depth: 0)
            case "traceId": record.traceID = try d.readTraceID()
            case "spanId": record.spanID = try d.readSpanID()
            default: try d.reader.skipValue()
            }
        }
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
