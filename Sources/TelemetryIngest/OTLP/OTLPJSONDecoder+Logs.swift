import TelemetryModel

/// `ResourceLogs` → `ScopeLogs` → `LogRecord` (opentelemetry-proto `logs/v1/logs.proto`).
///
/// Records are built as `LogRecord` values and appended to the builder's log table, which
/// interns their strings; logs are read far less than spans, so they skip the byte-level
/// interning of the span path (their keys, though, are matched on their bytes). As for spans, fields come in any order, so resource and scope
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
    /// Keys are matched on their bytes, each guessed as the one after the last in the order a
    /// collector writes them (`logKeyOrder`), as a span's are: a `String` made of every key and
    /// compared was a fifth of reading a file of log records (issue 7).
    mutating func decodeLogRecord() throws(JSONError) -> LogRecord {
        var record = LogRecord()
        try reader.beginObject()
        var next = 0
        while let field = try reader.nextKey(
            guess: Self.logKeyOrder[next].key, guessed: Self.logKeyOrder[next].field, { b throws(JSONError) in LogField.of(b) })
        {
            next = field.orderAfter
            if reader.skipNull() { continue }
            switch field {
            case .timeUnixNano: record.timeUnixNano = try readTime()
            case .observedTimeUnixNano: record.observedTimeUnixNano = try readTime()
            case .severityNumber:
                record.severityNumber = try readEnum(
                    prefix: "SEVERITY_NUMBER_", names: Self.severityNumberNames,
                    what: "a severity number (0–24 or SEVERITY_NUMBER_…)")
            case .severityText: record.severityText = try readString()
            case .body: record.body = try decodeAnyValue(depth: 0)
            case .attributes: record.attributes = try decodeAttributes(depth: 0)
            case .traceId: record.traceID = try readTraceID()
            case .spanId: record.spanID = try readSpanID()
            case .other: try reader.skipValue()
            }
        }
        return record
    }

    /// A log record's keys in the order the collector writes them (opentelemetry-proto's field
    /// order, less those the report does not read); after the last, and after a key not in the
    /// list, the first is guessed.
    static let logKeyOrder: [(key: CompactKey, field: LogField)] = LogField.allCases.dropLast().map {
        (CompactKey($0.name), $0)
    }

    /// The fields of `LogRecord` the report reads, matched on the key's bytes.
    enum LogField: Int, CaseIterable {
        case timeUnixNano, observedTimeUnixNano, severityNumber, severityText, body, attributes, traceId, spanId, other

        /// The place in `logKeyOrder` of the key usually after this one (0 past the list).
        var orderAfter: Int { self == .spanId || self == .other ? 0 : rawValue + 1 }

        /// The key as it is spelled.
        var name: StaticString {
            switch self {
            case .timeUnixNano: "timeUnixNano"
            case .observedTimeUnixNano: "observedTimeUnixNano"
            case .severityNumber: "severityNumber"
            case .severityText: "severityText"
            case .body: "body"
            case .attributes: "attributes"
            case .traceId: "traceId"
            case .spanId: "spanId"
            case .other: ""
            }
        }

        /// The field a key names: lowerCamelCase compared byte by byte; snake_case converted first.
        static func of(_ key: UnsafeBufferPointer<UInt8>) -> LogField {
            matched(key, unknown: .other) { b in
                let field: LogField
                switch b.count {
                case 4: field = .body
                case 6: field = .spanId
                case 7: field = .traceId
                case 10: field = .attributes
                case 12: field = b[0] == UInt8(ascii: "t") ? .timeUnixNano : .severityText
                case 14: field = .severityNumber
                case 20: field = .observedTimeUnixNano
                default: return .other
                }
                return SpanField.equals(b, field.name) ? field : .other
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
