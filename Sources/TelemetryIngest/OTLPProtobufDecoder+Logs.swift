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

    mutating func decodeResourceLogs() throws(ProtobufError) {
        let outer = try reader.beginMessage()
        var scopes = 0
        var tag: UInt32 = 0
        var resource = Resource()
        let first = builder.logs.count
        do {
            while true {
                tag = 0
                guard let t = try reader.nextTag() else { break }
                tag = t
                switch t {
                case 0x0A: resource = try decodeResource()
                case 0x12, 0x1F42:
                    try decodeScopeLogs()
                    scopes += 1
                default: try reader.skip(t)
                }
            }
        } catch {
            throw Self.locate(error, tag: tag, Self.resourceLogsFields, index: tag == 0x12 || tag == 0x1F42 ? scopes : nil)
        }
        reader.endMessage(outer)
        let resourceIndex = builder.intern(resource)
        for i in first..<builder.logs.count { builder.logs.resourceIndexes[i] = resourceIndex }
    }

    static let scopeLogsFields: [UInt32: String] = [1: "scope", 2: "logRecords", 3: "schemaUrl"]

    mutating func decodeScopeLogs() throws(ProtobufError) {
        let outer = try reader.beginMessage()
        var records = 0
        var tag: UInt32 = 0
        var scope = InstrumentationScope()
        let first = builder.logs.count
        do {
            while true {
                tag = 0
                guard let t = try reader.nextTag() else { break }
                tag = t
                switch t {
                case 0x0A: scope = try decodeScope()
                case 0x12:
                    accept(try decodeLogRecord())
                    records += 1
                default: try reader.skip(t)
                }
            }
        } catch {
            throw Self.locate(error, tag: tag, Self.scopeLogsFields, index: tag == 0x12 ? records : nil)
        }
        reader.endMessage(outer)
        let scopeIndex = builder.intern(scope)
        for i in first..<builder.logs.count { builder.logs.scopeIndexes[i] = scopeIndex }
    }

    static let logRecordFields: [UInt32: String] = [
        1: "timeUnixNano", 11: "observedTimeUnixNano", 2: "severityNumber", 3: "severityText", 5: "body", 6: "attributes",
        7: "droppedAttributesCount", 8: "flags", 9: "traceId", 10: "spanId", 12: "eventName",
    ]

    mutating func decodeLogRecord() throws(ProtobufError) -> DecodedLogRecord {
        var record = DecodedLogRecord()
        let outer = try reader.beginMessage()
        var tag: UInt32 = 0
        do {
            while true {
                tag = 0
                guard let t = try reader.nextTag() else { break }
                tag = t
                switch t {
                case 0x09: record.timeUnixNano = Int64(bitPattern: try reader.readFixed64())
                case 0x59: record.observedTimeUnixNano = Int64(bitPattern: try reader.readFixed64())
                case 0x10: record.severityNumber = try reader.readVarint()
                case 0x1A: record.severityText = try readString()
                case 0x2A: record.body = try decodeAnyValue(depth: 0)
                case 0x32: record.attributes.append(try decodeKeyValue(depth: 0))
                case 0x4A: record.traceID = try readTraceID()
                case 0x52: record.spanID = try readSpanID()
                case 0x62: record.eventName = try readString()
                default: try reader.skip(t)
                }
            }
        } catch {
            throw Self.locate(error, tag: tag, Self.logRecordFields, index: tag == 0x32 ? record.attributes.count : nil)
        }
        reader.endMessage(outer)
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
