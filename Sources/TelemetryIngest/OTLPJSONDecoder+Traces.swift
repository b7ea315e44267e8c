import TelemetryModel

/// `ResourceSpans` → `ScopeSpans` → `Span` (opentelemetry-proto `trace/v1/trace.proto`).
/// Fields may come in any order, so spans are collected per resource and scope and given
/// their indexes once the enclosing object is closed.
extension OTLPJSONDecoder {
    mutating func decodeResourceSpans() throws(JSONError) {
        var resource = Resource()
        var spans: [Span] = []
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            switch Self.fieldName(key) {
            case "resource":
                resource = try decodeResource()
            case "scopeSpans", "instrumentationLibrarySpans":
                try reader.beginArray()
                while try reader.nextElement() {
                    if reader.skipNull() { continue }
                    try decodeScopeSpans(into: &spans)
                }
            default:
                try reader.skipValue()
            }
        }
        let resourceIndex = builder.intern(resource)
        for i in spans.indices { spans[i].resourceIndex = resourceIndex }
        spanCount += spans.count
        builder.add(spans)
    }

    mutating func decodeScopeSpans(into all: inout [Span]) throws(JSONError) {
        var scope = InstrumentationScope()
        let first = all.count
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            switch Self.fieldName(key) {
            case "scope", "instrumentationLibrary":
                scope = try decodeScope()
            case "spans":
                try reader.beginArray()
                while try reader.nextElement() {
                    if reader.skipNull() { continue }
                    all.append(try decodeSpan())
                }
            default:
                try reader.skipValue()
            }
        }
        let scopeIndex = builder.intern(scope)
        for i in first..<all.count { all[i].scopeIndex = scopeIndex }
    }

    /// `Span`. Missing fields keep their proto defaults (zero times, kind unspecified, status
    /// unset); an empty `parentSpanId` marks a root.
    mutating func decodeSpan() throws(JSONError) -> Span {
        var span = Span(traceID: .zero, spanID: .none, name: "", startTimeUnixNano: 0, endTimeUnixNano: 0)
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            switch Self.fieldName(key) {
            case "traceId": span.traceID = try readTraceID()
            case "spanId": span.spanID = try readSpanID()
            case "parentSpanId": span.parentSpanID = try readSpanID()
            case "name": span.name = intern(try readString())
            case "kind":
                let kind = try readEnum(prefix: "SPAN_KIND_", names: Self.spanKindNames, what: "a span kind (0–5 or SPAN_KIND_…)")
                span.kind = SpanKind(rawValue: UInt8(kind)) ?? .unspecified
            case "startTimeUnixNano": span.startTimeUnixNano = try readTime()
            case "endTimeUnixNano": span.endTimeUnixNano = try readTime()
            case "attributes": span.attributes = try decodeAttributes(depth: 0)
            case "events": span.events = try decodeEvents()
            case "links": span.links = try decodeLinks()
            case "status": try decodeStatus(into: &span)
            default: try reader.skipValue()
            }
        }
        return span
    }

    /// `Status`: `code` and `message`; `{}` is UNSET.
    mutating func decodeStatus(into span: inout Span) throws(JSONError) {
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            switch key {
            case "code":
                let code = try readEnum(prefix: "STATUS_CODE_", names: Self.statusCodeNames, what: "a status code (0–2 or STATUS_CODE_…)")
                span.status = StatusCode(rawValue: UInt8(code)) ?? .unset
            case "message":
                span.statusMessage = try readString()
            default:
                try reader.skipValue()
            }
        }
    }

    mutating func decodeEvents() throws(JSONError) -> [SpanEvent] {
        var events: [SpanEvent] = []
        try reader.beginArray()
        while try reader.nextElement() {
            if reader.skipNull() { continue }
            var event = SpanEvent(timeUnixNano: 0, name: "")
            try reader.beginObject()
            while let key = try reader.nextKey() {
                if reader.skipNull() { continue }
                switch Self.fieldName(key) {
                case "timeUnixNano": event.timeUnixNano = try readTime()
                case "name": event.name = intern(try readString())
                case "attributes": event.attributes = try decodeAttributes(depth: 0)
                default: try reader.skipValue()
                }
            }
            events.append(event)
        }
        return events
    }

    mutating func decodeLinks() throws(JSONError) -> [SpanLink] {
        var links: [SpanLink] = []
        try reader.beginArray()
        while try reader.nextElement() {
            if reader.skipNull() { continue }
            var link = SpanLink(traceID: .zero, spanID: .none)
            try reader.beginObject()
            while let key = try reader.nextKey() {
                if reader.skipNull() { continue }
                switch Self.fieldName(key) {
                case "traceId": link.traceID = try readTraceID()
                case "spanId": link.spanID = try readSpanID()
                case "attributes": link.attributes = try decodeAttributes(depth: 0)
                default: try reader.skipValue()
                }
            }
            links.append(link)
        }
        return links
    }
}
