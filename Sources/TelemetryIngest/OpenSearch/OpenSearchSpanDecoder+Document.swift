import TelemetryModel
import Vocabulary

/// One `otel-v1-apm-span` (or ss4o) document → `Span`.
///
/// Data Prepper flattens nested fields into dotted keys and writes the attribute keys' own
/// dots as `@` (`span.attributes.http@method`, `resource.attributes.service@name`,
/// `status.code`, `instrumentationLibrary.name`); newer documents and ss4o nest them
/// (`attributes: {…}`, `resource: {attributes: {…}}` or `resource: {service.name: …}`,
/// `status: {code, message}`). Both are read; nested attribute objects are flattened to dotted
/// keys. Times are RFC 3339 with nanoseconds; a missing `endTime` is `startTime +
/// durationInNanos`. `traceGroup` and `traceGroupFields.*` are derived by Data Prepper from the
/// root span and are not copied. `serviceName` names the service when the resource does not.
extension OpenSearchSpanDecoder {
    mutating func decodeSpan(_ node: JSONNode) throws(JSONError) -> Span {
        var attributes: [Attribute] = []
        var resource: [Attribute] = []
        var scope = InstrumentationScope()
        var span = Span(traceID: .zero, spanID: .none, name: "", startTimeUnixNano: 0, endTimeUnixNano: 0)

        let traceNode = node["traceId"]!, spanNode = node["spanId"]!
        guard let traceText = traceNode.string else { throw traceNode.mismatch("a trace id (hex or base64)") }
        guard let spanText = spanNode.string else { throw spanNode.mismatch("a span id (hex or base64)") }
        let (traceID, traceOrigin) = ForeignIdentifiers.traceID(traceText)
        let (spanID, spanOrigin) = ForeignIdentifiers.spanID(spanText)
        span.traceID = traceID
        span.spanID = spanID
        if traceOrigin != .exact { attributes.append(Attribute(key: ForeignIdentifiers.sourceTraceIDKey, value: .string(traceText))) }
        if spanOrigin != .exact { attributes.append(Attribute(key: ForeignIdentifiers.sourceSpanIDKey, value: .string(spanText))) }
        if traceOrigin == .hashed || spanOrigin == .hashed {
            hashedIDCount += 1
        } else if traceOrigin == .truncated {
            truncatedIDCount += 1
        }
        if let parent = node["parentSpanId"] {
            guard let text = parent.string else { throw parent.mismatch("a parent span id (hex, base64, \"\" or null)") }
            if OTLPJSONDecoder.isNoParentPlaceholder(text) {
                warnings.append(
                    (
                        JSONError(offset: parent.offset, message: "parentSpanId \"\(text)\" is not a span id; the span is taken as a root"),
                        documentStart
                    ))
            } else {
                span.parentSpanID = ForeignIdentifiers.spanID(text).id
            }
        }

        var durationNanos: Int64? = nil
        var durationNode: JSONNode? = nil
        var endSeen = false
        for member in node.members {
            let key = member.key, value = member.node
            if case .null = value.value { continue }
            switch key {
            case "name": span.name = value.text ?? ""
            case "kind":
                guard let text = value.string, let kind = ForeignFields.spanKind(text) else {
                    warnings.append((value.mismatch("a span kind (SPAN_KIND_SERVER, CLIENT, Server…)"), documentStart))
                    continue
                }
                span.kind = kind
            case "startTime": span.startTimeUnixNano = try Self.time(value)
            case "endTime":
                span.endTimeUnixNano = try Self.time(value)
                endSeen = true
            case "durationInNanos":
                guard let d = value.int64 else { throw value.mismatch("a duration in nanoseconds") }
                durationNanos = d
                durationNode = value
            case "serviceName": resource.append(Attribute(key: "service.name", value: .string(value.text ?? "")))
            case "status": try decodeStatus(code: value["code"], message: value["message"], into: &span)
            case "status.code": try decodeStatus(code: value, message: nil, into: &span)
            case "status.message": span.statusMessage = value.text ?? ""
            case "attributes": Self.flatten(value, prefix: "", into: &attributes)
            case "resource":
                Self.flatten(value["attributes"] ?? value, prefix: "", into: &resource, skipping: ["droppedAttributesCount", "schemaUrl"])
            case "span": if let nested = value["attributes"] { Self.flatten(nested, prefix: "", into: &attributes) }
            case "instrumentationScope", "instrumentationLibrary":
                scope.name = value["name"]?.text ?? scope.name
                scope.version = value["version"]?.text ?? scope.version
            case "instrumentationScope.name", "instrumentationLibrary.name": scope.name = value.text ?? ""
            case "instrumentationScope.version", "instrumentationLibrary.version": scope.version = value.text ?? ""
            case "events": span.events = try decodeEvents(value)
            case "links": span.links = try decodeLinks(value)
            default:
                _ =
                    Self.flatten(value, field: key, under: "span.attributes.", into: &attributes)
                    || Self.flatten(value, field: key, under: "resource.attributes.", into: &resource)
            }
        }
        if !endSeen {
            span.endTimeUnixNano = try ForeignFields.supported(
                Math.saturatingAdd(span.startTimeUnixNano, durationNanos ?? 0), at: durationNode ?? node)
        }
        span.attributes = attributes
        span.resourceIndex = builder.intern(Self.documentResource(resource))
        span.scopeIndex = builder.intern(scope)
        return span
    }

    /// RFC 3339 with up to nanosecond precision.
    static func time(_ value: JSONNode) throws(JSONError) -> Int64 {
        guard let text = value.string, let t = UTCTime.parseRFC3339(text) else {
            throw value.mismatch("an RFC 3339 time (2021-03-25T17:23:30.088478464Z)")
        }
        return try ForeignFields.supported(t, at: value)
    }

    /// A status code as a number (0–2, or a legacy gRPC code) or a name (`ERROR`, `Error`,
    /// `STATUS_CODE_ERROR`, "2").
    mutating func decodeStatus(code: JSONNode?, message: JSONNode?, into span: inout Span) throws(JSONError) {
        if let message { span.statusMessage = message.text ?? "" }
        guard let code else { return }
        if let n = code.int64 {
            span.status = ForeignFields.statusCode(Int(clamping: n))
        } else if let text = code.string, let status = ForeignFields.statusCode(text) {
            span.status = status
        } else {
            throw code.mismatch("a status code (0–2 or Unset/Ok/Error)")
        }
    }

    /// Flattens `value` into `attributes` when the document field `field` is `prefix` followed
    /// by an attribute name (`span.attributes.http@method`); false when it is not.
    static func flatten(_ value: JSONNode, field: String, under prefix: String, into attributes: inout [Attribute]) -> Bool {
        guard field.hasPrefix(prefix) else { return false }
        flatten(value, prefix: ForeignFields.undotted(String(field.dropFirst(prefix.count))), into: &attributes)
        return true
    }

    /// A document's resource attributes as a `Resource`: the resource's own `service.name` wins
    /// over the top-level `serviceName` copy.
    static func documentResource(_ attributes: [Attribute]) -> Resource {
        var attributes = attributes
        if attributes.filter({ $0.key == "service.name" }).count > 1, let i = attributes.firstIndex(where: { $0.key == "service.name" }) {
            attributes.remove(at: i)
        }
        return Resource(attributes: attributes)
    }

    /// Attribute values; nested objects become dotted keys and `@` becomes `.` in keys.
    static func flatten(_ node: JSONNode, prefix: String, into attributes: inout [Attribute], skipping: Set<String> = []) {
        guard node.isObject else {
            if case .null = node.value { return }
            attributes.append(Attribute(key: prefix, value: node.attributeValue))
            return
        }
        for member in node.members where !skipping.contains(member.key) {
            let key = ForeignFields.undotted(member.key)
            flatten(member.node, prefix: prefix.isEmpty ? key : prefix + "." + key, into: &attributes)
        }
    }

    /// `events: [{time, name, attributes}]`.
    mutating func decodeEvents(_ list: JSONNode) throws(JSONError) -> [SpanEvent] {
        guard list.isArray else { throw list.mismatch("an array of events") }
        var events: [SpanEvent] = []
        for event in list.elements {
            var attributes: [Attribute] = []
            if let a = event["attributes"] { Self.flatten(a, prefix: "", into: &attributes) }
            let time = try event["time"].map(Self.time) ?? 0
            events.append(SpanEvent(timeUnixNano: time, name: event["name"]?.text ?? "", attributes: attributes))
        }
        return events
    }

    /// `links: [{traceId, spanId, traceState, attributes}]`.
    func decodeLinks(_ list: JSONNode) throws(JSONError) -> [SpanLink] {
        guard list.isArray else { throw list.mismatch("an array of links") }
        return list.elements.map { link in
            var attributes: [Attribute] = []
            if let a = link["attributes"] { Self.flatten(a, prefix: "", into: &attributes) }
            return SpanLink(
                traceID: ForeignIdentifiers.traceID(link["traceId"]?.text ?? "").id,
                spanID: ForeignIdentifiers.spanID(link["spanId"]?.text ?? "").id, attributes: attributes)
        }
    }
}
