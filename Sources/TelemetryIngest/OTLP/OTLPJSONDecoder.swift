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
struct OTLPJSONDecoder: JSONFileDecoder {
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
    /// Resources and scopes already decoded, by their bytes (`decodeRepeated`); resources with
    /// their hash, which every run's builder looks them up by (`HashedValue`).
    var resourceCache = RawValueCache<HashedValue<Resource>>()
    var scopeCache = RawValueCache<InstrumentationScope>()
    /// Where this decoder's builder interned the caches' entries (`InternedEntries`).
    var internedResources = InternedEntries()
    var internedScopes = InternedEntries()
    /// Attribute lists already decoded, by their bytes (`decodeStoredAttributes`).
    var attributeLists = AttributeListCache()

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
                try forEachElement { d throws(JSONError) in try d.decodeResourceLogs() }
            case "result" where depth == 0:
                try decodeRequest(depth: depth + 1)
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
        // Over the key's UTF-8 buffer: `key.utf8.contains` walked the view index by index, which
        // with five structural keys per resource took 7% of reading a file of one trace a line.
        var bytes = key
        guard bytes.withUTF8({ $0.contains(UInt8(ascii: "_")) }) else { return key }
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

    /// Reads each element of an array with `element`; `null` elements (proto JSON's "default")
    /// are skipped.
    @inline(__always)
    mutating func forEachElement(_ element: (inout OTLPJSONDecoder) throws(JSONError) -> Void) throws(JSONError) {
        try reader.beginArray()
        while try reader.nextElement() {
            if reader.skipNull() { continue }
            try element(&self)
        }
    }

    /// Reads each member of an object with `member`, given the member's field name in
    /// lowerCamelCase (`fieldName`); `null` members (proto JSON's "default") are skipped.
    @inline(__always)
    mutating func forEachField(_ member: (inout OTLPJSONDecoder, String) throws(JSONError) -> Void) throws(JSONError) {
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            try member(&self, Self.fieldName(key))
        }
    }

    /// Reads each member of an object named in `names` with `member`, given the name's index
    /// (−1 for any other key), matched on the key's bytes (`MemberNames`); `null` members are
    /// skipped. The name after the one found last is guessed first.
    @inline(__always)
    mutating func forEachMember(
        _ names: MemberNames, _ member: (inout OTLPJSONDecoder, Int) throws(JSONError) -> Void
    ) throws(JSONError) {
        try reader.beginObject()
        var next = 0
        while let found = try reader.nextKey(guess: names.guess(next), guessed: next, { b throws(JSONError) in names.index(of: b) }) {
            if found >= 0 { next = names.after(found) }
            if reader.skipNull() { continue }
            try member(&self, found)
        }
    }

    /// An object read field by field by `field` into a copy of `initial`.
    @inline(__always)
    mutating func decodeObject<Value>(
        _ initial: Value, _ field: (inout OTLPJSONDecoder, inout Value, String) throws(JSONError) -> Void
    ) throws(JSONError) -> Value {
        var value = initial
        try forEachField { d, name throws(JSONError) in try field(&d, &value, name) }
        return value
    }

    /// The objects of an array (`null`s skipped), each read as `decodeObject` reads one.
    @inline(__always)
    mutating func decodeObjects<Value>(
        _ initial: Value, _ field: (inout OTLPJSONDecoder, inout Value, String) throws(JSONError) -> Void
    ) throws(JSONError) -> [Value] {
        var values: [Value] = []
        try forEachElement { d throws(JSONError) in values.append(try d.decodeObject(initial, field)) }
        return values
    }

    /// `Resource`: attributes (dropped counts ignored).
    mutating func decodeResource() throws(JSONError) -> Resource {
        try decodeObject(Resource()) { d, resource, field throws(JSONError) in
            if field == "attributes" {
                resource.attributes = try d.decodeAttributes(depth: 0)
            } else {
                try d.reader.skipValue()
            }
        }
    }

    /// `InstrumentationScope` (or the deprecated `InstrumentationLibrary`, same fields).
    mutating func decodeScope() throws(JSONError) -> InstrumentationScope {
        try decodeObject(InstrumentationScope()) { d, scope, field throws(JSONError) in
            switch field {
            case "name": scope.name = try d.readString()
            case "version": scope.version = try d.readString()
            case "attributes": scope.attributes = try d.decodeAttributes(depth: 0)
            default: try d.reader.skipValue()
            }
        }
    }

    /// A list of `KeyValue`, as in `attributes` and `kvlistValue.values`. `key` and `value` are
    /// matched on the key's bytes, `key` guessed first and `value` after it, as the span table's
    /// lists are (`decodeStoredAttributeList`): a `String` made of each key and compared was a
    /// fifth of reading a file of log records (issue 7).
    mutating func decodeAttributes(depth: Int) throws(JSONError) -> [Attribute] {
        var attributes: [Attribute] = []
        try forEachElement { d throws(JSONError) in
            var attribute = Attribute(key: "", value: .empty)
            try d.reader.beginObject()
            var afterKey = false
            while let field = try d.reader.nextKey(
                guess: afterKey ? Self.attributeValue : Self.attributeKey, guessed: afterKey ? 2 : 1,
                { b throws(JSONError) in
                    Self.matched(b, unknown: 0) { SpanField.equals($0, "key") ? 1 : SpanField.equals($0, "value") ? 2 : 0 }
                })
            {
                afterKey = field == 1
                if d.reader.skipNull() { continue }
                switch field {
                case 1: attribute.key = try d.readString()
                case 2: attribute.value = try d.decodeAnyValue(depth: depth)
                default: try d.reader.skipValue()
                }
            }
            attributes.append(attribute)
        }
        return attributes
    }

    /// What `match` makes of a key's bytes; a key it does not know that holds `_` is converted
    /// from snake_case first (`fieldName`) and matched again, as `forEachField` names every key.
    @inline(__always)
    static func matched<T: Equatable>(_ key: UnsafeBufferPointer<UInt8>, unknown: T, _ match: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let found = match(key)
        guard found == unknown, key.contains(UInt8(ascii: "_")) else { return found }
        var converted = fieldName(String(decoding: key, as: UTF8.self))
        return converted.withUTF8 { match($0) }
    }

    /// The fields of `AnyValue`, matched on the key's bytes.
    enum ValueField {
        case string, bool, int, double, bytes, array, kvlist, other

        static func of(_ key: UnsafeBufferPointer<UInt8>) -> ValueField {
            matched(key, unknown: .other) { b in
                switch b.count {
                case 8: return SpanField.equals(b, "intValue") ? .int : .other
                case 9: return SpanField.equals(b, "boolValue") ? .bool : .other
                case 10: return SpanField.equals(b, "bytesValue") ? .bytes : SpanField.equals(b, "arrayValue") ? .array : .other
                case 11:
                    return SpanField.equals(b, "stringValue")
                        ? .string : SpanField.equals(b, "doubleValue") ? .double : SpanField.equals(b, "kvlistValue") ? .kvlist : .other
                default: return .other
                }
            }
        }
    }

    /// `AnyValue`: exactly one of its fields; an unknown field is a warning and gives `.empty`
    /// (the corpus has `{"anyValue": …}` from a hand-written curl example).
    mutating func decodeAnyValue(depth: Int) throws(JSONError) -> AttributeValue {
        guard depth < Self.maximumValueDepth else {
            throw reader.error("attribute values nested deeper than \(Self.maximumValueDepth) levels")
        }
        var value = AttributeValue.empty
        try reader.beginObject()
        // Matched on the key's bytes (`stringValue` guessed); an unknown key's text is kept for
        // its warning.
        var key = ""
        while let field = try reader.nextKey(
            guess: Self.stringValueKey, guessed: ValueField.string,
            { b throws(JSONError) in
                let field = ValueField.of(b)
                if field == .other { key = String(decoding: b, as: UTF8.self) }
                return field
            })
        {
            let keyOffset = reader.keyOffset
            if reader.skipNull() { continue }
            switch field {
            case .string: value = .string(try readString())
            case .bool: value = .bool(try readBool())
            case .int: value = .int(try readInt64(what: "a 64-bit integer (number or decimal string)"))
            case .double: value = .double(try readDouble())
            case .bytes: value = .bytes(try readBase64())
            case .array: value = .array(try decodeValueList(depth: depth + 1))
            case .kvlist:
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
            case .other:
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
