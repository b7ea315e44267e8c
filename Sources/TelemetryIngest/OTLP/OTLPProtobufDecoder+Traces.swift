import TelemetryModel

/// `ResourceSpans` → `ScopeSpans` → `Span` (opentelemetry-proto `trace/v1/trace.proto`) from
/// protobuf, straight into the span table's columns as `OTLPJSONDecoder+Traces.swift` does
/// for JSON: one `SpanRecord` per span, strings by id, attributes, events and links in the
/// table's arenas. A resource's and scope's index is written into their spans' columns once
/// the enclosing message ends, in the same order as the JSON reader interns them, so the same
/// data gives the same snapshot whichever encoding it came in.
extension OTLPProtobufDecoder {
    static let resourceSpansFields: [UInt32: String] = [
        1: "resource", 2: "scopeSpans", 3: "schemaUrl", 1000: "instrumentationLibrarySpans",
    ]

    static let scopeSpansFields: [UInt32: String] = [1: "scope", 2: "spans", 3: "schemaUrl"]

    mutating func decodeResourceSpans() throws(ProtobufError) {
        spanCount += try decodeResourceRows(.spans, Self.resourceSpansFields, scopeFields: Self.scopeSpansFields) {
            d throws(ProtobufError) in d.builder.spans.append(try d.decodeSpan())
        }
    }

    static let spanFields: [UInt32: String] = [
        1: "traceId", 2: "spanId", 3: "traceState", 4: "parentSpanId", 5: "name", 6: "kind", 7: "startTimeUnixNano",
        8: "endTimeUnixNano", 9: "attributes", 10: "droppedAttributesCount", 11: "events", 12: "droppedEventsCount",
        13: "links", 14: "droppedLinksCount", 15: "status", 16: "flags",
    ]

    /// `Span`. Missing fields keep their proto defaults (zero times, kind unspecified, status
    /// unset); an empty `parent_span_id` marks a root.
    mutating func decodeSpan() throws(ProtobufError) -> SpanRecord {
        var span = SpanRecord()
        try decodeMessage(Self.spanFields, index: { Self.arenaIndex(of: span, tag: $0) }) { d, t throws(ProtobufError) in
            switch t {
            case 0x0A: span.traceID = try d.readTraceID()  // trace_id = 1, bytes
            case 0x12: span.spanID = try d.readSpanID()  // span_id = 2, bytes
            case 0x22: span.parentSpanID = try d.readSpanID()  // parent_span_id = 4, bytes
            case 0x2A: span.name = try d.readStringID()  // name = 5, string
            case 0x30: span.kind = SpanKind(rawValue: try d.readEnum(count: 6)) ?? .unspecified  // kind = 6, enum
            case 0x39: span.startTimeUnixNano = try d.reader.readTime()  // start_time_unix_nano = 7, fixed64
            case 0x41: span.endTimeUnixNano = try d.reader.readTime()  // end_time_unix_nano = 8, fixed64
            case 0x4A: try d.appendStoredAttribute(to: &span.attributes)  // attributes = 9
            case 0x5A: try d.appendEvent(to: &span.events)  // events = 11
            case 0x6A: try d.appendLink(to: &span.links)  // links = 13
            case 0x7A: try d.decodeStatus(into: &span)  // status = 15
            default: try d.reader.skip(t)
            }
        }
        return span
    }

    /// The element a span's repeated field `tag` was reading (attributes, events, links).
    static func arenaIndex(of span: SpanRecord, tag: UInt32) -> Int? {
        switch tag {
        case 0x4A: Int(span.attributes.count)
        case 0x5A: Int(span.events.count)
        case 0x6A: Int(span.links.count)
        default: nil
        }
    }

    static let statusFields: [UInt32: String] = [2: "message", 3: "code"]

    /// `Status`: `message = 2`, `code = 3` (field 1 was the deprecated code, reserved now).
    mutating func decodeStatus(into span: inout SpanRecord) throws(ProtobufError) {
        try decodeMessage(Self.statusFields) { d, t throws(ProtobufError) in
            switch t {
            case 0x12: span.statusMessage = try d.readStringID()
            case 0x18: span.status = StatusCode(rawValue: try d.readEnum(count: 3)) ?? .unset
            default: try d.reader.skip(t)
            }
        }
    }

    static let eventFields: [UInt32: String] = [1: "timeUnixNano", 2: "name", 3: "attributes", 4: "droppedAttributesCount"]

    /// One `Span.Event`, appended to the event arena.
    mutating func appendEvent(to range: inout ArenaRange) throws(ProtobufError) {
        var event = StoredEvent(timeUnixNano: 0, name: 0, attributes: .empty)
        try decodeMessage(Self.eventFields, index: { $0 == 0x1A ? Int(event.attributes.count) : nil }) { d, t throws(ProtobufError) in
            switch t {
            case 0x09: event.timeUnixNano = try d.reader.readTime()
            case 0x12: event.name = try d.readStringID()
            case 0x1A: try d.appendStoredAttribute(to: &event.attributes)
            default: try d.reader.skip(t)
            }
        }
        Self.append(event, to: &builder.spans.eventArena, run: &range)
    }

    static let linkFields: [UInt32: String] = [
        1: "traceId", 2: "spanId", 3: "traceState", 4: "attributes", 5: "droppedAttributesCount", 6: "flags",
    ]

    /// One `Span.Link`, appended to the link arena.
    mutating func appendLink(to range: inout ArenaRange) throws(ProtobufError) {
        var link = StoredLink(traceID: .zero, spanID: .none, attributes: .empty)
        try decodeMessage(Self.linkFields, index: { $0 == 0x22 ? Int(link.attributes.count) : nil }) { d, t throws(ProtobufError) in
            switch t {
            case 0x0A: link.traceID = try d.readTraceID()
            case 0x12: link.spanID = try d.readSpanID()
            case 0x22: try d.appendStoredAttribute(to: &link.attributes)
            default: try d.reader.skip(t)
            }
        }
        Self.append(link, to: &builder.spans.linkArena, run: &range)
    }

    /// Appends a span's event or link to its arena as the next element of the span's run
    /// `range`: a span's events (or links) arrive one after another, and nothing else adds to
    /// their arena meanwhile, so the run stays contiguous.
    static func append<Item>(_ item: Item, to arena: inout [Item], run range: inout ArenaRange) {
        if range.count == 0 { range.start = UInt32(arena.count) }
        arena.append(item)
        range.count += 1
    }
}
