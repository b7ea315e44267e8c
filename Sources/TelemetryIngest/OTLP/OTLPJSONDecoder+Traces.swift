import TelemetryModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `ResourceSpans` → `ScopeSpans` → `Span` (opentelemetry-proto `trace/v1/trace.proto`),
/// decoded straight into the span table's columns (issue 7): a span becomes one `SpanRecord`,
/// its strings ids from the `ByteInterner`, its attributes, events and links entries of the
/// table's arenas — no `Span` value, no `String` for a name or value seen before.
/// Fields may come in any order, so a resource's or scope's index is written into its spans'
/// column once the enclosing object is closed.
extension OTLPJSONDecoder {
    mutating func decodeResourceSpans() throws(JSONError) {
        spanCount += try decodeResourceRows(.spans, resourceMembers: Self.resourceSpansMembers, scopeMembers: Self.scopeSpansMembers) {
            d throws(JSONError) in
            let record = try d.decodeSpan()
            d.builder.spans.append(record)
        }
    }

    static let resourceSpansMembers = resourceMembers(scopes: "scopeSpans", legacyScopes: "instrumentationLibrarySpans")
    static let scopeSpansMembers = scopeMembers(items: "spans")

    /// A span's keys in the order the collector's exporters write them (opentelemetry-proto's
    /// field order, less those the report does not read), each guessed after the one before;
    /// after the last, and after a key not in the list, the first is guessed.
    static let spanKeyOrder: [(key: CompactKey, field: SpanField)] = [
        (CompactKey("traceId"), .traceId), (CompactKey("spanId"), .spanId), (CompactKey("parentSpanId"), .parentSpanId),
        (CompactKey("name"), .name), (CompactKey("kind"), .kind), (CompactKey("startTimeUnixNano"), .startTimeUnixNano),
        (CompactKey("endTimeUnixNano"), .endTimeUnixNano), (CompactKey("attributes"), .attributes),
        (CompactKey("status"), .status),
    ]
    static let attributeKey = CompactKey("key"), attributeValue = CompactKey("value")
    static let stringValueKey = CompactKey("stringValue")

    /// The fields of `Span` the report reads, matched on the key's bytes.
    enum SpanField {
        case traceId, spanId, parentSpanId, name, kind, startTimeUnixNano, endTimeUnixNano
        case attributes, events, links, status, other

        /// The place in `spanKeyOrder` of the key usually after this one (0 past the list). A
        /// switch, not a table built from `spanKeyOrder`: the table's lookup cost 3-5% of the
        /// read's CPU; `CompactKeyTests` checks that the two agree.
        var orderAfter: Int {
            switch self {
            case .traceId: return 1
            case .spanId: return 2
            case .parentSpanId: return 3
            case .name: return 4
            case .kind: return 5
            case .startTimeUnixNano: return 6
            case .endTimeUnixNano: return 7
            case .attributes: return 8
            case .events, .links, .status, .other: return 0
            }
        }

        /// The field a key names: lowerCamelCase compared byte by byte; snake_case converted first
        /// (`matched`: no lowerCamelCase name holds `_`, so a snake_case key is only looked at
        /// when the byte comparison found nothing, and keys are nearly always lowerCamelCase).
        static func of(_ key: UnsafeBufferPointer<UInt8>) -> SpanField {
            matched(key, unknown: .other, camelCase)
        }

        @inline(__always)
        static func camelCase(_ key: UnsafeBufferPointer<UInt8>) -> SpanField {
            switch key.count {
            case 4: return equals(key, "name") ? .name : equals(key, "kind") ? .kind : equals(key, "flags") ? .other : .other
            case 5: return equals(key, "links") ? .links : .other
            case 6: return equals(key, "spanId") ? .spanId : equals(key, "events") ? .events : equals(key, "status") ? .status : .other
            case 7: return equals(key, "traceId") ? .traceId : .other
            case 10: return equals(key, "attributes") ? .attributes : .other
            case 12: return equals(key, "parentSpanId") ? .parentSpanId : .other
            case 15: return equals(key, "endTimeUnixNano") ? .endTimeUnixNano : .other
            case 17: return equals(key, "startTimeUnixNano") ? .startTimeUnixNano : .other
            default: return .other
            }
        }

        /// Whether `key` spells `name`. Names are short (3–17 bytes), so they are compared as
        /// two overlapping 8- or 4-byte words (a call to `memcmp` per key cost more than the
        /// comparison); every load stays within both strings.
        @inline(__always)
        static func equals(_ key: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
            let n = name.utf8CodeUnitCount
            guard key.count == n, let base = key.baseAddress else { return false }
            let a = UnsafeRawPointer(base), b = UnsafeRawPointer(name.utf8Start)
            switch n {
            case 8...16:
                return a.loadUnaligned(as: UInt64.self) == b.loadUnaligned(as: UInt64.self)
                    && a.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            case 4..<8:
                return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                    && a.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
            default:
                return memcmp(base, name.utf8Start, n) == 0
            }
        }
    }

    /// `Span`. Missing fields keep their proto defaults (zero times, kind unspecified, status
    /// unset); an empty `parentSpanId` marks a root.
    mutating func decodeSpan() throws(JSONError) -> SpanRecord {
        var span = SpanRecord()
        try reader.beginObject()
        // Each key is first guessed as the one after the last in the order a collector writes
        // them (`CompactKey`); a wrong guess reads the key, and the guesses go on after it.
        var next = 0
        while let field = try reader.nextKey(
            guess: Self.spanKeyOrder[next].key, guessed: Self.spanKeyOrder[next].field, { b throws(JSONError) in SpanField.of(b) })
        {
            next = field.orderAfter
            if reader.skipNull() { continue }
            switch field {
            case .traceId: span.traceID = try readTraceID()
            case .spanId: span.spanID = try readSpanID()
            case .parentSpanId: span.parentSpanID = try readParentSpanID()
            case .name: span.name = try readStringID()
            case .kind:
                let kind = try readEnum(prefix: "SPAN_KIND_", names: Self.spanKindNames, what: "a span kind (0–5 or SPAN_KIND_…)")
                span.kind = SpanKind(rawValue: UInt8(kind)) ?? .unspecified
            case .startTimeUnixNano: span.startTimeUnixNano = try readTime()
            case .endTimeUnixNano: span.endTimeUnixNano = try readTime()
            case .attributes: span.attributes = try decodeStoredAttributes()
            case .events: span.events = try decodeEvents()
            case .links: span.links = try decodeLinks()
            case .status: try decodeStatus(into: &span)
            case .other: try reader.skipValue()
            }
        }
        return span
    }

    /// A string field as an id of the span table's strings (a number is taken as its text, as
    /// `readString()` does).
    mutating func readStringID() throws(JSONError) -> UInt32 {
        if try reader.peekIs(.string, first: UInt8(ascii: "\"")) {
            return try reader.withStringBytes { b throws(JSONError) in interner.id(b, in: &builder.spans.strings) }
        }
        return builder.spans.strings.intern(try readString())
    }

    /// A list of `KeyValue` appended to the table's attribute arena: keys and string values by
    /// id, other values through `decodeAnyValue`.
    ///
    /// A list whose text was decoded before is taken from `attributeLists` (`AttributeListCache`)
    /// instead of being read again; one decoded here without a warning is offered to it.
    mutating func decodeStoredAttributes() throws(JSONError) -> ArenaRange {
        let start = UInt32(builder.spans.attributeArena.count)
        let textStart = reader.valueOffset()
        if let length = attributeLists.take(reader.bytes, from: textStart, to: reader.end, into: &builder.spans.attributeArena) {
            reader.skip(verbatim: length)
            return ArenaRange(start: start, count: UInt32(builder.spans.attributeArena.count) - start)
        }
        let warned = warnings.count
        try decodeStoredAttributeList()
        if warnings.count == warned {
            attributeLists.insert(
                UnsafeBufferPointer(rebasing: reader.bytes[textStart..<reader.position]),
                entries: Int(start)..<builder.spans.attributeArena.count, of: builder.spans.attributeArena)
        }
        return ArenaRange(start: start, count: UInt32(builder.spans.attributeArena.count) - start)
    }

    /// The entries of a list of `KeyValue`, appended to the table's attribute arena.
    private mutating func decodeStoredAttributeList() throws(JSONError) {
        try reader.beginArray()
        while try reader.nextElement() {
            if reader.skipNull() { continue }
            var key: UInt32 = 0
            var value = StoredValue.empty
            try reader.beginObject()
            // 1 "key", 2 "value", 0 anything else: matched on the bytes, no `String` per key.
            // "key" is guessed first, "value" after it.
            var afterKey = false
            while let field = try reader.nextKey(
                guess: afterKey ? Self.attributeValue : Self.attributeKey, guessed: afterKey ? 2 : 1,
                { b throws(JSONError) in SpanField.equals(b, "key") ? 1 : SpanField.equals(b, "value") ? 2 : 0 })
            {
                afterKey = field == 1
                if reader.skipNull() { continue }
                switch field {
                case 1: key = try readStringID()
                case 2: value = try decodeStoredValue()
                default: try reader.skipValue()
                }
            }
            builder.spans.attributeArena.keys.append(key)
            builder.spans.attributeArena.values.append(value)
        }
    }

    /// An `AnyValue` as the arena stores it: a lone `stringValue` by id without building it;
    /// anything else through `decodeAnyValue`, from the same place.
    mutating func decodeStoredValue() throws(JSONError) -> StoredValue {
        let start = reader.valueOffset()
        if try reader.peekIs(.object, first: UInt8(ascii: "{")) {
            try reader.beginObject()
            // A lone string, integer, boolean or double (nearly every attribute) is stored
            // straight from its bytes, read by the same functions as `decodeAnyValue` reads it.
            let field = try reader.nextKey(guess: Self.stringValueKey, guessed: 1) { b throws(JSONError) -> Int in
                SpanField.equals(b, "stringValue")
                    ? 1
                    : SpanField.equals(b, "intValue")
                        ? 2 : SpanField.equals(b, "boolValue") ? 3 : SpanField.equals(b, "doubleValue") ? 4 : 0
            }
            if let field, field != 0 {
                let kind = try reader.peek()
                var stored: StoredValue?
                switch field {
                case 1 where kind == .string: stored = .string(try readStringID())
                case 2 where kind != .null: stored = .int(try readInt64(what: "a 64-bit integer (number or decimal string)"))
                case 3 where kind != .null: stored = .bool(try readBool())
                case 4 where kind != .null: stored = .double(try readDouble())
                default: stored = nil
                }
                if let stored, !(try reader.nextKeyStart()) { return stored }
            }
            reader.position = start  // another shape: decode it in full
        }
        let value = try decodeAnyValue(depth: 0)
        return builder.spans.store(value)
    }

    /// `Status`: `code` and `message`; `{}` is UNSET.
    mutating func decodeStatus(into span: inout SpanRecord) throws(JSONError) {
        // `{}` (what a collector writes for most spans) is UNSET: stepped over as its two bytes.
        let at = reader.valueOffset()
        if at + 1 < reader.end && reader.bytes[at] == UInt8(ascii: "{") && reader.bytes[at + 1] == UInt8(ascii: "}") {
            reader.skip(verbatim: 2)
            return
        }
        try forEachField { d, field throws(JSONError) in
            switch field {
            case "code":
                let code = try d.readEnum(prefix: "STATUS_CODE_", names: Self.statusCodeNames, what: "a status code (0–2 or STATUS_CODE_…)")
                span.status = StatusCode(rawValue: UInt8(code)) ?? .unset
            case "message":
                span.statusMessage = try d.readStringID()
            default:
                try d.reader.skipValue()
            }
        }
    }

    static let eventMembers = MemberNames("timeUnixNano", "name", "attributes")
    static let linkMembers = MemberNames("traceId", "spanId", "attributes")

    /// A span's events, appended to the event arena as one run: each read member by member on
    /// the key's bytes (`MemberNames`). Read with a `String` made of every key and a list of
    /// each span's events, they were a tenth of the read of a file whose spans mostly carry
    /// events (issue 7). An event's attributes go to the attribute arena, never this one, so
    /// its events stay one run; a run that fails to decode is dropped whole (`decodeRun`).
    mutating func decodeEvents() throws(JSONError) -> ArenaRange {
        let start = builder.spans.eventArena.count
        try forEachElement { d throws(JSONError) in
            var event = StoredEvent(timeUnixNano: 0, name: 0, attributes: .empty)
            try d.forEachMember(Self.eventMembers) { d, member throws(JSONError) in
                switch member {
                case 0: event.timeUnixNano = try d.readTime()
                case 1: event.name = try d.readStringID()
                case 2: event.attributes = try d.decodeStoredAttributes()
                default: try d.reader.skipValue()
                }
            }
            d.builder.spans.eventArena.append(event)
        }
        return Self.run(from: start, to: builder.spans.eventArena.count)
    }

    /// A span's links, as `decodeEvents` reads events.
    mutating func decodeLinks() throws(JSONError) -> ArenaRange {
        let start = builder.spans.linkArena.count
        try forEachElement { d throws(JSONError) in
            var link = StoredLink(traceID: .zero, spanID: .none, attributes: .empty)
            try d.forEachMember(Self.linkMembers) { d, member throws(JSONError) in
                switch member {
                case 0: link.traceID = try d.readTraceID()
                case 1: link.spanID = try d.readSpanID()
                case 2: link.attributes = try d.decodeStoredAttributes()
                default: try d.reader.skipValue()
                }
            }
            d.builder.spans.linkArena.append(link)
        }
        return Self.run(from: start, to: builder.spans.linkArena.count)
    }

    /// The arena range of entries `start..<end`, `.empty` for none.
    static func run(from start: Int, to end: Int) -> ArenaRange {
        end == start ? .empty : ArenaRange(start: UInt32(start), count: UInt32(end - start))
    }
}
