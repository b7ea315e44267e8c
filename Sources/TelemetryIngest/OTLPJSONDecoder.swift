import TelemetryModel

/// Decodes OTLP/JSON export requests (traces, metrics and logs)
/// from a byte buffer into a `SnapshotBuilder`, pulling values from a `JSONReader`.
///
/// Follows the OTLP JSON encoding rules (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding)
/// and the proto3 JSON mapping they build on, plus what exporters do in the wild (SOURCES.md):
/// - field names in lowerCamelCase or the original snake_case (`bucket_counts`), both of which
///   proto JSON parsers must accept; unknown fields are ignored, `null` means the default;
/// - ids as hex of any case or base64 (what generic protobuf JSON does with `bytes`);
/// - 64-bit integers as decimal strings or numbers; enums as integers, numeric strings or names;
/// - one request per file or several in a row (JSON Lines, signals mixed, blank lines);
/// - the `{"result": …}` (Jaeger api_v3) and `{"batches": […]}` (Tempo) envelopes, and the
///   deprecated `instrumentationLibrarySpans` / `instrumentationLibraryMetrics` and OTLP 0.x
///   metric kinds (`intGauge`, `doubleSum`, …).
struct OTLPJSONDecoder {
    var reader: JSONReader
    var builder = SnapshotBuilder()
    /// Ids of the strings already in `builder.spans.strings`, looked up by their bytes.
    var interner = ByteInterner()
    var spanCount = 0
    var pointCount = 0
    var logCount = 0
    /// Problems that do not make the file unusable (an unknown `AnyValue` field), with the start
    /// of the top-level value they were found in, for locating their path.
    var warnings: [(error: JSONError, documentStart: Int)] = []
    /// Where the top-level value being decoded starts (a line of a JSON Lines file).
    var documentStart = 0

    /// Deepest nesting of `arrayValue`/`kvlistValue` accepted.
    static let maximumValueDepth = 64

    init(reader: JSONReader) {
        self.reader = reader
    }

    /// Decodes every top-level request in the buffer.
    mutating func decodeAll() throws(JSONError) {
        while !reader.isAtEnd() {
            documentStart = reader.position
            guard try reader.peek() == .object else {
                throw reader.error("expected an OTLP export request object, found \(try describeNext())", at: documentStart)
            }
            try decodeRequest(depth: 0)
        }
    }

    /// One `Export{Trace,Metrics,Logs}ServiceRequest`, or an envelope around one.
    mutating func decodeRequest(depth: Int) throws(JSONError) {
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            switch Self.fieldName(key) {
            case "resourceSpans", "batches":
                try reader.beginArray()
                while try reader.nextElement() { try decodeResourceSpans() }
            case "resourceMetrics":
                try reader.beginArray()
                while try reader.nextElement() { try decodeResourceMetrics() }
            case "resourceLogs":
                try reader.beginArray()
                while try reader.nextElement() {
                    if reader.skipNull() { continue }
                    try decodeResourceLogs()
                }
            case "result" where depth == 0:
                try decodeRequest(depth: depth + 1)
            case "resourceLogs":
                try reader.beginArray()
                while try reader.nextElement() {
                    if reader.skipNull() { continue }
                    try decodeResourceLogs()
                }
            default:
                // partialSuccess, and anything unknown.
                try reader.skipValue()
            }
        }
    }

    // MARK: Shared messages

    /// Field names as proto JSON parsers accept them: lowerCamelCase, or the proto name in
    /// snake_case, which is converted (`time_unix_nano` → `timeUnixNano`).
    static func fieldName(_ key: String) -> String {
        guard key.utf8.contains(UInt8(ascii: "_")) else { return key }
        var out = ""
        var upper = false
        for c in key {
            if c == "_" {
                upper = true
            } else if upper {
                out += c.uppercased()
                upper = false
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// A description of the next value for "found …" in messages; consumes it.
    mutating func describeNext() throws(JSONError) -> String {
        switch try reader.peek() {
        case .string:
            var s = try reader.readString()
            if s.count > 60 { s = String(s.prefix(57)) + "..." }
            return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\\\"") + "\""
        case .number: return try reader.readNumber().text
        case .bool: return try reader.readBool() ? "true" : "false"
        case let kind:
            try reader.skipValue()
            return kind.name
        }
    }

    /// An error for the value at `offset`: "expected \(what), found …".
    mutating func mismatch(at offset: Int, expected what: String) -> JSONError {
        reader.position = offset
        let found = (try? describeNext()) ?? "invalid JSON"
        return JSONError(offset: offset, message: "expected \(what), found \(found)")
    }

    // MARK: Resource, scope, attributes

    /// `Resource`: attributes (dropped counts ignored).
    mutating func decodeResource() throws(JSONError) -> Resource {
        var resource = Resource()
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            if key == "attributes" {
                resource.attributes = try decodeAttributes(depth: 0)
            } else {
                try reader.skipValue()
            }
        }
        return resource
    }

    /// `InstrumentationScope` (or the deprecated `InstrumentationLibrary`, same fields).
    mutating func decodeScope() throws(JSONError) -> InstrumentationScope {
        var scope = InstrumentationScope()
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            switch key {
            case "name": scope.name = try readString()
            case "version": scope.version = try readString()
            case "attributes": scope.attributes = try decodeAttributes(depth: 0)
            default: try reader.skipValue()
            }
        }
        return scope
    }

    /// A list of `KeyValue`, as in `attributes` and `kvlistValue.values`.
    mutating func decodeAttributes(depth: Int) throws(JSONError) -> [Attribute] {
        var list: [Attribute] = []
        try reader.beginArray()
        while try reader.nextElement() {
            if reader.skipNull() { continue }
            var key = ""
            var value = AttributeValue.empty
            try reader.beginObject()
            while let field = try reader.nextKey() {
                if reader.skipNull() { continue }
                switch field {
                case "key": key = try readString()
                case "value": value = try decodeAnyValue(depth: depth)
                default: try reader.skipValue()
                }
            }
            list.append(Attribute(key: key, value: value))
        }
        return list
    }

    /// `AnyValue`: exactly one of its fields; an unknown field is a warning and gives `.empty`
    /// (the corpus has `{"anyValue": …}` from a hand-written curl example).
    mutating func decodeAnyValue(depth: Int) throws(JSONError) -> AttributeValue {
        guard depth < Self.maximumValueDepth else {
            throw reader.error("attribute values nested deeper than \(Self.maximumValueDepth) levels")
        }
        var value = AttributeValue.empty
        try reader.beginObject()
        while let key = try reader.nextKey() {
            let keyOffset = reader.keyOffset
            if reader.skipNull() { continue }
            switch Self.fieldName(key) {
            case "stringValue": value = .string(try readString())
            case "boolValue": value = .bool(try readBool())
            case "intValue": value = .int(try readInt64(what: "a 64-bit integer (number or decimal string)"))
            case "doubleValue": value = .double(try readDouble())
            case "bytesValue": value = .bytes(try readBase64())
            case "arrayValue": value = .array(try decodeValueList(depth: depth + 1))
            case "kvlistValue":
                var pairs: [Attribute] = []
                try reader.beginObject()
                while let field = try reader.nextKey() {
                    if field == "values", !reader.skipNull() {
                        pairs = try decodeAttributes(depth: depth + 1)
                    } else {
                        try reader.skipValue()
                    }
                }
                value = .kvlist(pairs)
            default:
                warnings.append(
                    (
                        JSONError(
                            offset: keyOffset,
                            message:
                                "unknown AnyValue field \"\(key)\" (expected stringValue, boolValue, intValue, doubleValue, bytesValue, arrayValue or kvlistValue); value left empty"
                        ), documentStart
                    ))
                try reader.skipValue()
            }
        }
        return value
    }

    /// `ArrayValue`: `{"values": [AnyValue…]}`.
    mutating func decodeValueList(depth: Int) throws(JSONError) -> [AttributeValue] {
        var values: [AttributeValue] = []
        try reader.beginObject()
        while let field = try reader.nextKey() {
            if field == "values", !reader.skipNull() {
                try reader.beginArray()
                while try reader.nextElement() {
                    values.append(reader.skipNull() ? .empty : try decodeAnyValue(depth: depth))
                }
            } else {
                try reader.skipValue()
            }
        }
        return values
    }
}
