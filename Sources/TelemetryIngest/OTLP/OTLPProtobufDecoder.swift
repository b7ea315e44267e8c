import TelemetryModel

/// Decodes OTLP protobuf export requests (`ExportTraceServiceRequest`,
/// `ExportMetricsServiceRequest`, `ExportLogsServiceRequest`, or the identical `TracesData`,
/// `MetricsData`, `LogsData` the collector's file exporter writes) from wire-format bytes into
/// a `SnapshotBuilder`: spans straight into the span table's columns, as `OTLPJSONDecoder`
/// does for JSON, and metrics as the same series. Field numbers are those of
/// opentelemetry-proto (`common/v1/common.proto`, `resource/v1/resource.proto`,
/// `trace/v1/trace.proto`, `metrics/v1/metrics.proto`, `logs/v1/logs.proto`).
///
/// The three requests share one shape — field 1 holds the resource messages — so which signal
/// a request carries is read from its items (`OTLPProtobufSignal`). Unknown fields are skipped
/// (newer protos add fields); a field with an unexpected wire type is skipped as unknown, as
/// protobuf's own parsers do. Any structural fault makes the file unusable and is reported with
/// its byte offset and field path (`ProtobufError`).
struct OTLPProtobufDecoder {
    var reader: ProtobufReader
    var builder = SnapshotBuilder()
    /// Ids of the strings already in `builder.spans.strings`, looked up by their bytes.
    var interner = ByteInterner()
    var spanCount = 0
    var pointCount = 0
    /// Log records decoded and skipped (until the model holds logs).
    var logRecordCount = 0

    /// Deepest nesting of `arrayValue`/`kvlistValue` accepted, as for JSON.
    static let maximumValueDepth = OTLPJSONDecoder.maximumValueDepth

    init(reader: ProtobufReader) {
        self.reader = reader
    }

    /// One export request: the reader's range holds exactly its fields.
    mutating func decodeRequest() throws(ProtobufError) {
        let signal = OTLPProtobufSignal.classify(reader.bytes, start: reader.position, end: reader.end)
        var index = 0
        var tag: UInt32 = 0
        do {
            while true {
                tag = 0
                guard let t = try reader.nextTag() else { break }
                tag = t
                guard t == 0x0A else {  // resource_spans / resource_metrics / resource_logs = 1
                    try reader.skip(t)
                    continue
                }
                switch signal {
                case .traces: try decodeResourceSpans()
                case .metrics: try decodeResourceMetrics()
                case .logs: try decodeResourceLogs()
                }
                index += 1
            }
        } catch {
            throw tag == 0x0A ? error.inside(signal.containerName, index: index) : error
        }
    }

    /// The error of the field `tag` of a message, named from `names` (field number → JSON
    /// name), with `index` for a repeated field; the message itself when no field was read.
    static func locate(_ error: ProtobufError, tag: UInt32, _ names: [UInt32: String], index: Int? = nil) -> ProtobufError {
        guard tag != 0 else { return error }
        let name = names[tag >> 3] ?? "(field \(tag >> 3))"
        return index.map { error.inside(name, index: $0) } ?? error.inside(name)
    }

    /// Reads one embedded message field by field, as every message decoder does: `field` reads
    /// (or skips) the value of each tag; an error inside a field is named from `names`, with the
    /// element index `index` gives for a repeated field's tag, as it passes outwards (`locate`).
    /// Always inlined, so each decoder's closures become its own straight-line loop; `names` is
    /// only looked at on the error path (a static table read per message costs a few percent).
    @inline(__always)
    mutating func decodeMessage(
        _ names: @autoclosure () -> [UInt32: String], index: (UInt32) -> Int? = { _ in nil },
        _ field: (inout OTLPProtobufDecoder, UInt32) throws(ProtobufError) -> Void
    ) throws(ProtobufError) {
        try decodeFields(locating: { error, tag in Self.locate(error, tag: tag, names(), index: index(tag)) }, field)
    }

    /// The loop of `decodeMessage` with the error's location left to `locating` (given the
    /// error and the tag whose value was being read, 0 when none was).
    @inline(__always)
    mutating func decodeFields(
        locating: (ProtobufError, UInt32) -> ProtobufError,
        _ field: (inout OTLPProtobufDecoder, UInt32) throws(ProtobufError) -> Void
    ) throws(ProtobufError) {
        let outer = try reader.beginMessage()
        var tag: UInt32 = 0
        do {
            while true {
                tag = 0
                guard let t = try reader.nextTag() else { break }
                tag = t
                try field(&self, t)
            }
        } catch {
            throw locating(error, tag)
        }
        reader.endMessage(outer)
    }

    // MARK: Strings and ids

    /// A string field as an id of the span table's strings; bytes seen before cost a lookup.
    @inline(__always)
    mutating func readStringID() throws(ProtobufError) -> UInt32 {
        let b = try reader.readBytes()
        return interner.id(b, in: &builder.spans.strings)
    }

    /// A string field as a `String` (invalid UTF-8 repaired with U+FFFD, as the JSON reader does).
    mutating func readString() throws(ProtobufError) -> String {
        String(decoding: try reader.readBytes(), as: UTF8.self)
    }

    /// `bytes trace_id`: 16 bytes, big-endian as the hex form reads; empty means none.
    mutating func readTraceID() throws(ProtobufError) -> TraceID {
        let at = reader.position
        let b = try reader.readBytes()
        switch b.count {
        case 0: return .zero
        case 16: return TraceID(high: Self.bigEndian64(b, 0), low: Self.bigEndian64(b, 8))
        default: throw ProtobufError(offset: at, message: "expected a trace id of 16 bytes, found \(b.count) bytes at byte \(at)")
        }
    }

    /// `bytes span_id`: 8 bytes; empty means none (a root).
    mutating func readSpanID() throws(ProtobufError) -> SpanID {
        let at = reader.position
        let b = try reader.readBytes()
        switch b.count {
        case 0: return .none
        case 8: return SpanID(Self.bigEndian64(b, 0))
        default: throw ProtobufError(offset: at, message: "expected a span id of 8 bytes, found \(b.count) bytes at byte \(at)")
        }
    }

    @inline(__always)
    static func bigEndian64(_ b: UnsafeBufferPointer<UInt8>, _ from: Int) -> UInt64 {
        UInt64(bigEndian: UnsafeRawPointer(b.baseAddress! + from).loadUnaligned(as: UInt64.self))
    }

    /// An enum field: values outside `0..<count` map to 0, as the JSON reader does (proto3
    /// enums are open, and the model knows only the values it names).
    @inline(__always)
    mutating func readEnum(count: Int) throws(ProtobufError) -> UInt8 {
        let v = try reader.readVarint()
        return v < UInt64(count) ? UInt8(v) : 0
    }

    // MARK: Resource, scope, attributes

    static let resourceFields: [UInt32: String] = [1: "attributes", 2: "droppedAttributesCount", 3: "entityRefs"]

    /// `Resource`: attributes (dropped counts and entity references ignored).
    mutating func decodeResource() throws(ProtobufError) -> Resource {
        var resource = Resource()
        try decodeMessage(Self.resourceFields, index: { $0 == 0x0A ? resource.attributes.count : nil }) { d, t throws(ProtobufError) in
            if t == 0x0A {  // attributes = 1
                resource.attributes.append(try d.decodeKeyValue(depth: 0))
            } else {
                try d.reader.skip(t)
            }
        }
        return resource
    }

    /// `ResourceSpans` or `ResourceLogs` with their `ScopeSpans` or `ScopeLogs`, read alike:
    /// `item` appends each span or record to `rows`, and as each scope and resource message
    /// closes, its index is written into the rows it holds. `names` and `scopeFields` name the
    /// two messages' fields for error paths. Returns how many rows the resource holds. Always
    /// inlined, with the two walks below, so that `item` is inlined into the loop over a
    /// scope's spans.
    @discardableResult
    @inline(__always)
    mutating func decodeResourceRows(
        _ rows: SnapshotBuilder.DecodedRows, _ names: [UInt32: String], scopeFields: [UInt32: String],
        item: (inout OTLPProtobufDecoder) throws(ProtobufError) -> Void
    ) throws(ProtobufError) -> Int {
        let first = builder.count(of: rows)
        let resource = try decodeResourceMessage(names) { d throws(ProtobufError) in
            let firstOfScope = d.builder.count(of: rows)
            let scope = try d.decodeScopeMessage(scopeFields, item: item)
            d.builder.setScope(scope, of: rows, from: firstOfScope)
        }
        return builder.setResource(HashedValue(resource), of: rows, from: first)
    }

    /// `ResourceSpans`, `ResourceMetrics` or `ResourceLogs`, which share their layout: the
    /// resource (1) and the scope messages (2, or `instrumentation_library_*` = 1000 before
    /// v0.19), each read by `scope`. Returns the resource, which may come after its scopes.
    @inline(__always)
    mutating func decodeResourceMessage(
        _ names: [UInt32: String], scope: (inout OTLPProtobufDecoder) throws(ProtobufError) -> Void
    ) throws(ProtobufError) -> Resource {
        var resource = Resource()
        var scopes = 0
        try decodeMessage(names, index: { $0 == 0x12 || $0 == 0x1F42 ? scopes : nil }) { d, t throws(ProtobufError) in
            switch t {
            case 0x0A: resource = try d.decodeResource()  // resource = 1
            case 0x12, 0x1F42:  // scope_* = 2; instrumentation_library_* = 1000
                try scope(&d)
                scopes += 1
            default: try d.reader.skip(t)
            }
        }
        return resource
    }

    /// `ScopeSpans` or `ScopeLogs`: the scope (1) and the items (2), each read by `item`.
    /// Returns the scope, which may come after its items.
    @inline(__always)
    mutating func decodeScopeMessage(
        _ names: [UInt32: String], item: (inout OTLPProtobufDecoder) throws(ProtobufError) -> Void
    ) throws(ProtobufError) -> InstrumentationScope {
        var scope = InstrumentationScope()
        var items = 0
        try decodeMessage(names, index: { $0 == 0x12 ? items : nil }) { d, t throws(ProtobufError) in
            switch t {
            case 0x0A: scope = try d.decodeScope()  // scope = 1
            case 0x12:  // spans / log_records = 2
                try item(&d)
                items += 1
            default: try d.reader.skip(t)
            }
        }
        return scope
    }

    static let scopeFields: [UInt32: String] = [1: "name", 2: "version", 3: "attributes", 4: "droppedAttributesCount"]

    /// `InstrumentationScope` (or the deprecated `InstrumentationLibrary`: name and version).
    mutating func decodeScope() throws(ProtobufError) -> InstrumentationScope {
        var scope = InstrumentationScope()
        try decodeMessage(Self.scopeFields, index: { $0 == 0x1A ? scope.attributes.count : nil }) { d, t throws(ProtobufError) in
            switch t {
            case 0x0A: scope.name = try d.readString()  // name = 1
            case 0x12: scope.version = try d.readString()  // version = 2
            case 0x1A: scope.attributes.append(try d.decodeKeyValue(depth: 0))  // attributes = 3
            default: try d.reader.skip(t)
            }
        }
        return scope
    }

    static let keyValueFields: [UInt32: String] = [1: "key", 2: "value", 3: "keyStrindex"]

    /// `KeyValue` as a model `Attribute` (resources, scopes, nested kvlists, metric points).
    mutating func decodeKeyValue(depth: Int) throws(ProtobufError) -> Attribute {
        var attribute = Attribute(key: "", value: .empty)
        try decodeMessage(Self.keyValueFields) { d, t throws(ProtobufError) in
            switch t {
            case 0x0A: attribute.key = try d.readString()  // key = 1
            case 0x12: attribute.value = try d.decodeAnyValue(depth: depth)  // value = 2
            default: try d.reader.skip(t)
            }
        }
        return attribute
    }

    static let anyValueFields: [UInt32: String] = [
        1: "stringValue", 2: "boolValue", 3: "intValue", 4: "doubleValue",
        5: "arrayValue", 6: "kvlistValue", 7: "bytesValue", 8: "stringValueStrindex",
    ]

    /// `AnyValue`: the last of its oneof fields wins, as in protobuf; none gives `.empty`.
    mutating func decodeAnyValue(depth: Int) throws(ProtobufError) -> AttributeValue {
        guard depth < Self.maximumValueDepth else {
            throw ProtobufError(
                offset: reader.position,
                message: "attribute values nested deeper than \(Self.maximumValueDepth) levels at byte \(reader.position)")
        }
        var value = AttributeValue.empty
        try decodeMessage(Self.anyValueFields) { d, t throws(ProtobufError) in
            switch t {
            case 0x0A: value = .string(try d.readString())
            case 0x10: value = .bool(try d.reader.readVarint() != 0)
            case 0x18: value = .int(Int64(bitPattern: try d.reader.readVarint()))
            case 0x21: value = .double(try d.reader.readDouble())
            case 0x2A: value = .array(try d.decodeValues { d throws(ProtobufError) in try d.decodeAnyValue(depth: depth + 1) })
            case 0x32: value = .kvlist(try d.decodeValues { d throws(ProtobufError) in try d.decodeKeyValue(depth: depth + 1) })
            case 0x3A: value = .bytes(Array(try d.reader.readBytes()))
            default: try d.reader.skip(t)
            }
        }
        return value
    }

    /// `ArrayValue` or `KeyValueList`: `repeated AnyValue values = 1` or `repeated KeyValue
    /// values = 1`, each read by `element`.
    mutating func decodeValues<Element>(
        _ element: (inout OTLPProtobufDecoder) throws(ProtobufError) -> Element
    ) throws(ProtobufError) -> [Element] {
        var values: [Element] = []
        try decodeFields(locating: { error, tag in tag == 0x0A ? error.inside("values", index: values.count) : error }) {
            d, t throws(ProtobufError) in
            if t == 0x0A { values.append(try element(&d)) } else { try d.reader.skip(t) }
        }
        return values
    }

    // MARK: Attributes in the span table's arena

    /// One `KeyValue` appended to the span table's attribute arena: the key and a string value
    /// by id, without building a `String` for bytes seen before; other values inline, and the
    /// nested kinds (arrays, kvlists, bytes) through `decodeAnyValue`.
    mutating func appendStoredAttribute() throws(ProtobufError) {
        var key: UInt32 = 0
        var value = StoredValue.empty
        try decodeMessage(Self.keyValueFields) { d, t throws(ProtobufError) in
            switch t {
            case 0x0A: key = try d.readStringID()  // key = 1
            case 0x12: value = try d.decodeStoredValue()  // value = 2
            default: try d.reader.skip(t)
            }
        }
        builder.spans.attributeArena.keys.append(key)
        builder.spans.attributeArena.values.append(value)
    }

    /// An `AnyValue` as the arena stores it.
    mutating func decodeStoredValue() throws(ProtobufError) -> StoredValue {
        var value = StoredValue.empty
        try decodeMessage(Self.anyValueFields) { d, t throws(ProtobufError) in
            switch t {
            case 0x0A: value = .string(try d.readStringID())
            case 0x10: value = .bool(try d.reader.readVarint() != 0)
            case 0x18: value = .int(Int64(bitPattern: try d.reader.readVarint()))
            case 0x21: value = .double(try d.reader.readDouble())
            case 0x2A:
                value = d.builder.spans.store(.array(try d.decodeValues { d throws(ProtobufError) in try d.decodeAnyValue(depth: 1) }))
            case 0x32:
                value = d.builder.spans.store(.kvlist(try d.decodeValues { d throws(ProtobufError) in try d.decodeKeyValue(depth: 1) }))
            case 0x3A: value = d.builder.spans.store(.bytes(Array(try d.reader.readBytes())))
            default: try d.reader.skip(t)
            }
        }
        return value
    }

    /// Appends one `KeyValue` to the arena run `range`, which must end at the arena's end:
    /// encoders write a message's repeated field in one run, but the wire format allows other
    /// fields between its elements (an event's attributes between a span's), so a run that
    /// something else was appended after is first moved to the end.
    mutating func appendStoredAttribute(to range: inout ArenaRange) throws(ProtobufError) {
        let arenaEnd = UInt32(builder.spans.attributeArena.count)
        if range.count == 0 {
            range.start = arenaEnd
        } else if range.start + range.count != arenaEnd {
            for i in range.range {
                builder.spans.attributeArena.keys.append(builder.spans.attributeArena.keys[i])
                builder.spans.attributeArena.values.append(builder.spans.attributeArena.values[i])
            }
            range.start = arenaEnd
        }
        try appendStoredAttribute()
        range.count += 1
    }
}
