/// `ResourceLogs` → `ScopeLogs` → `LogRecord` (opentelemetry-proto `logs/v1/logs.proto`):
/// counted, not decoded, until the report has a logs model (issue 14), so that a file of logs
/// says what it holds instead of looking empty. The deprecated `instrumentationLibraryLogs`
/// container and the pre-0.9 `logs` list are counted too.
extension OTLPJSONDecoder {
    mutating func countResourceLogs() throws(JSONError) {
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            switch Self.fieldName(key) {
            case "scopeLogs", "instrumentationLibraryLogs":
                try reader.beginArray()
                while try reader.nextElement() {
                    if reader.skipNull() { continue }
                    try reader.beginObject()
                    while let field = try reader.nextKey() {
                        if Self.fieldName(field) == "logRecords" || field == "logs", try reader.peek() == .array {
                            try reader.beginArray()
                            while try reader.nextElement() {
                                try reader.skipValue()
                                logRecordCount += 1
                            }
                        } else {
                            try reader.skipValue()
                        }
                    }
                }
            default:
                try reader.skipValue()
            }
        }
    }

    /// `parentSpanId` that is not an id but a word for "none" (`"null"`, `"nil"`, `"none"`,
    /// `"undefined"`, as some exporters and hand-made files write for a root): the span is a
    /// root, and the first one is reported. Only reached when the id did not parse, so the
    /// usual path pays nothing.
    static func isNoParentPlaceholder(_ text: String) -> Bool {
        ["null", "nil", "none", "undefined"].contains(text.lowercased())
    }
}
