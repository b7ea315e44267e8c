import TelemetryModel

/// `ResourceLogs` → `ScopeLogs` → `LogRecord` (opentelemetry-proto `logs/v1/logs.proto`) from
/// protobuf, into the snapshot's log table as the JSON reader does (`OTLPJSONDecoder+Logs`):
/// resource and scope indexes are written once their message is closed.
extension OTLPProtobufDecoder {
    /// A log record as the wire gives it.
    struct DecodedLogRecord {
        var timeUnixNano: Int64 = 0
        var observedTimeUnixNano: Int64 = 0
        var severityNumber: UInt64 = 0
        var severityText = ""
        var body = AttributeValue.empty
        var attributes: [Attribute] = []
        var traceID = TraceID.zero
        var spanID = SpanID.none
        var eventName = ""
    }

    static let resourceLogsFields: [UInt32: String] = [1: "resource", 2: "scopeLogs", 3: "schemaUrl", 1000: "instrumentationLibraryLogs"]

    static let scopeLogsFields: [UInt32: String] = [1: "scope", 2: "logRecords", 3: "schemaUrl"]

    mutating func decodeResourceLogs() throws(ProtobufError) {
        try decodeResourceRows(.logs, Self.resourceLogsFields, scopeFields: Self.scopeLogsFields) { d throws(ProtobufError) in
            d.accept(try d.decodeLogRecord())
        }
    }

    static let logRecordFields: [UInt32: String] = [
        1: "timeUnixNano", 11: "observedTimeUnixNano", 2: "severityNumber", 3: "severityText", 5: "body", 6: "attributes",
        7: "droppedAttributesCount", 8: "flags", 9: "traceId", 10: "spanId", 12: "eventName",
    ]

    mutating func decodeLogRecord() throws(ProtobufError) -> DecodedLogRecord {
        var record = DecodedLogRecord()
        try decodeMessage(Self.logRecordFields, index: { $0 == 0x32 ? record.attributes.count : nil }) { d, t throws(ProtobufError) in
            switch t {
            case 0x09: record.timeUnixNano = try d.reader.readTime()
            case 0x59: record.observedTimeUnixNano = try d.reader.readTime()
            case 0x10: record.severityNumber = try d.reader.readVarint()
            case 0x1A: record.severityText = try d.readString()
            case 0x2A: record.body = try d.decodeAnyValue(depth: 0)
            case 0x32: record.attributes.append(try d.decodeKeyValue(depth: 0))
            case 0x4A: record.traceID = try d.readTraceID()
            case 0x52: record.spanID = try d.readSpanID()
            case 0x62: record.eventName = try d.readString()
            default: try d.reader.skip(t)
            }
        }
        return record
    }

    /// Adds a decoded record to the log table (`eventName` is not used by the report).
    mutating func accept(_ record: DecodedLogRecord) {
        logRecordCount += 1
        builder.logs.append(
            LogRecord(
                timeUnixNano: record.timeUnixNano, observedTimeUnixNano: record.observedTimeUnixNano,
                severityNumber: Int(clamping: record.severityNumber), severityText: record.severityText,
                body: record.body, attributes: record.attributes,
                traceID: record.traceID, spanID: record.spanID))
    }
}
