import TelemetryModel

/// One generated span, kept only until its batch is written.
///
/// Ids are plain integers (a trace id is two halves) and the resource and scope are indexes
/// into `DemoTopology`'s tables, so a batch of spans holds no repeated resource text.
struct SimulatedSpan {
    var traceHigh: UInt64
    var traceLow: UInt64
    var spanID: UInt64
    /// 0 for a root span (OTLP's empty `parentSpanId`).
    var parentSpanID: UInt64
    var name: String
    var kind: SpanKind
    var start: Int64
    var end: Int64
    var attributes: [Attribute]
    var events: [SpanEvent] = []
    var status: StatusCode = .unset
    var statusMessage: String = ""
    /// Index into `DemoTopology.resources`.
    var resource: Int
    /// Index into `DemoTopology.scopes`.
    var scope: Int

    var durationNanos: Int64 { end - start }

    /// Appends the span as an OTLP/JSON `Span` object (fields in proto field-number order).
    func write(to json: inout OTLPJSONText) {
        json.raw("{\"traceId\":")
        json.hexID(traceHigh, traceLow)
        json.raw(",\"spanId\":")
        json.hexID(spanID)
        if parentSpanID != 0 {
            json.raw(",\"parentSpanId\":")
            json.hexID(parentSpanID)
        }
        json.raw(",\"name\":")
        json.string(name)
        json.raw(",\"kind\":")
        json.integer(Int(kind.rawValue))
        json.raw(",\"startTimeUnixNano\":")
        json.quotedInteger(start)
        json.raw(",\"endTimeUnixNano\":")
        json.quotedInteger(end)
        if !attributes.isEmpty {
            json.raw(",\"attributes\":")
            json.attributes(attributes)
        }
        if !events.isEmpty {
            json.raw(",\"events\":[")
            for (index, event) in events.enumerated() {
                if index > 0 { json.raw(",") }
                json.raw("{\"timeUnixNano\":")
                json.quotedInteger(event.timeUnixNano)
                json.raw(",\"name\":")
                json.string(event.name)
                if !event.attributes.isEmpty {
                    json.raw(",\"attributes\":")
                    json.attributes(event.attributes)
                }
                json.raw("}")
            }
            json.raw("]")
        }
        json.raw(",\"status\":{")
        if status != .unset {
            if !statusMessage.isEmpty {
                json.raw("\"message\":")
                json.string(statusMessage)
                json.raw(",")
            }
            json.raw("\"code\":")
            json.integer(Int(status.rawValue))
        }
        json.raw("}}")
    }
}
