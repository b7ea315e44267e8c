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

    /// `ResourceSpans` or `ResourceLogs` with their `ScopeSpans` or `ScopeLogs`, read alike:
    /// `item` appends each span or record (in the scope's arrays `scopeMembers` names) to
    /// `rows`, and as each scope and resource object closes, its index is written into the rows
    /// it holds (fields come in any order). Returns how many rows the resource holds. Always
    /// inlined, with the two walks below. (Since their keys are matched on bytes, `item` is
    /// called once a span rather than inlined into the loop over a scope's spans: the collector
    /// file's read phase measured the same either way, issue 7.)
    @inline(__always)
    mutating func decodeResourceRows(
        _ rows: SnapshotBuilder.DecodedRows, resourceMembers: MemberNames, scopeMembers: MemberNames,
        item: (inout OTLPJSONDecoder) throws(JSONError) -> Void
    ) throws(JSONError) -> Int {
        let first = builder.count(of: rows)
        let resource = try decodeResourceObject(resourceMembers) { d throws(JSONError) in
            let firstOfScope = d.builder.count(of: rows)
            let scope = try d.decodeScopeObject(scopeMembers, item: item)
            d.builder.setScope(index: d.intern(scope), of: rows, from: firstOfScope)
        }
        return builder.setResource(index: intern(resource), of: rows, from: first)
    }

    /// The builder's index of a resource as `decodeResourceObject` gives it: a cached one is
    /// interned once for this decoder (`InternedEntries`).
    @inline(__always)
    mutating func intern(_ resource: Repeated<HashedValue<Resource>>) -> Int32 {
        Self.intern(resource, cache: resourceCache, interned: &internedResources, into: &builder) { $0.intern($1) }
    }

    /// The builder's index of a scope as `decodeScopeObject` gives it, as for resources.
    @inline(__always)
    mutating func intern(_ scope: Repeated<InstrumentationScope>) -> Int32 {
        Self.intern(scope, cache: scopeCache, interned: &internedScopes, into: &builder) { $0.intern($1) }
    }

    /// `value`'s index in `builder`: an entry of `cache` interned with `intern` the first time
    /// and remembered in `interned`, a value not cached interned each time.
    @inline(__always)
    static func intern<Value>(
        _ value: Repeated<Value>, cache: RawValueCache<Value>, interned: inout InternedEntries,
        into builder: inout SnapshotBuilder, _ intern: (inout SnapshotBuilder, Value) -> Int32
    ) -> Int32 {
        switch value {
        case .entry(let k):
            if let known = interned[k] { return known }
            let index = intern(&builder, cache[k])
            interned.remember(k, index)
            return index
        case .value(let value):
            return intern(&builder, value)
        }
    }

    /// `ResourceSpans`, `ResourceMetrics` or `ResourceLogs`, which share their layout: the
    /// resource and the array of scope objects, each read by `scope`. `members` names
    /// `resource`, then the scopes' array, then its name before v0.19 (`resourceMembers`).
    /// Returns the resource, which may come after its scopes, hashed (`intern` gives its index).
    @inline(__always)
    mutating func decodeResourceObject(
        _ members: MemberNames, scope: (inout OTLPJSONDecoder) throws(JSONError) -> Void
    ) throws(JSONError) -> Repeated<HashedValue<Resource>> {
        var resource: Repeated<HashedValue<Resource>>?
        try forEachMember(members) { d, member throws(JSONError) in
            switch member {
            case 0:
                resource = try d.decodeRepeated(
                    in: \.resourceCache, interned: \.internedResources,
                    keeping: { !$0.value.attributes.contains { $0.value.holdsNaN } }
                ) { d throws(JSONError) in HashedValue(try d.decodeResource()) }
            case 1, 2: try d.forEachElement(scope)
            default: try d.reader.skipValue()
            }
        }
        return resource ?? .value(Self.noResource)
    }

    static let noResource = HashedValue(Resource())

    /// The members of a resource object that `decodeResourceObject` reads: the resource, the
    /// scopes' array, and its name before v0.19; and `schemaUrl`, skipped, named so that it
    /// is guessed after the scopes, where the collector writes it.
    static func resourceMembers(scopes: StaticString, legacyScopes: StaticString) -> MemberNames {
        MemberNames("resource", scopes, legacyScopes, "schemaUrl")
    }

    /// `ScopeSpans` or `ScopeLogs`: the scope (or the deprecated `instrumentationLibrary`) and
    /// the arrays of items, each item read by `item`. `members` names `scope`,
    /// `instrumentationLibrary`, then the items' arrays (`scopeMembers`). Returns the scope,
    /// which may come after its items (`intern` gives its index).
    @inline(__always)
    mutating func decodeScopeObject(
        _ members: MemberNames, item: (inout OTLPJSONDecoder) throws(JSONError) -> Void
    ) throws(JSONError) -> Repeated<InstrumentationScope> {
        var scope = Repeated.value(InstrumentationScope())
        try forEachMember(members) { d, member throws(JSONError) in
            switch member {
            case 0, 1:
                scope = try d.decodeRepeated(
                    in: \.scopeCache, interned: \.internedScopes, keeping: { !$0.attributes.contains { $0.value.holdsNaN } }
                ) { d throws(JSONError) in try d.decodeScope() }
            case -1: try d.reader.skipValue()
            default: try d.forEachElement(item)
            }
        }
        return scope
    }

    /// The members of a scope object that `decodeScopeObject` reads: the scope, its name
    /// before v0.19, and the arrays of items.
    static func scopeMembers(items: StaticString, _ more: StaticString = "") -> MemberNames {
        MemberNames("scope", "instrumentationLibrary", items, more)
    }

    /// A value that repeats byte for byte (the same resource and scope on every line of a
    /// collector's file, ahead of as little as one span) is decoded once. When the bytes ahead
    /// begin with the text of an object decoded before, that object's value is taken and its
    /// text stepped over: an object ends at its own closing brace, so a reader given the same
    /// bytes would read exactly that text and decode the same value. Otherwise `decode` reads
    /// the value, which is remembered unless it gave a warning (the warning must be reported
    /// again where the text recurs), is not an object, or is not `keeping` (a value holding a
    /// NaN, unequal to itself, stays a new value each time, as it always was); errors are
    /// reported as always. Gives the cache's entry for a value it holds (an entry filled anew
    /// is forgotten by `interned`), the value for one it does not.
    @inline(__always)
    mutating func decodeRepeated<Value>(
        in cache: WritableKeyPath<OTLPJSONDecoder, RawValueCache<Value>>,
        interned: WritableKeyPath<OTLPJSONDecoder, InternedEntries>, keeping: (Value) -> Bool,
        _ decode: (inout OTLPJSONDecoder) throws(JSONError) -> Value
    ) throws(JSONError) -> Repeated<Value> {
        let start = reader.position
        if let (length, entry) = self[keyPath: cache].match(reader.bytes, from: start, to: reader.end) {
            reader.skip(verbatim: length)
            return .entry(entry)
        }
        let warned = warnings.count
        let value = try decode(&self)
        if warnings.count == warned && keeping(value),
            let entry = self[keyPath: cache].insert(UnsafeBufferPointer(rebasing: reader.bytes[start..<reader.position]), value)
        {
            self[keyPath: interned].forget(entry)
            return .entry(entry)
        }
        return .value(value)
    }

    /// A resource or scope as `decodeRepeated` gives it: the cache's entry that holds it (the
    /// same entry wherever its text recurs), or the value, when the cache did not keep it.
    enum Repeated<Value> {
        case entry(Int)
        case value(Value)
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

    /// A list of `KeyValue`, as in `attributes` and `kvlistValue.values`.
    mutating func decodeAttributes(depth: Int) throws(JSONError) -> [Attribute] {
        try decodeObjects(Attribute(key: "", value: .empty)) { d, attribute, field throws(JSONError) in
            switch field {
            case "key": attribute.key = try d.readString()
            case "value": attribute.value = try d.decodeAnyValue(depth: depth)
            default: try d.reader.skipValue()
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
