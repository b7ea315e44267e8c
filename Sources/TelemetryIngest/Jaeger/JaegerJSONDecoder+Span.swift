import TelemetryModel
import Vocabulary

/// One Jaeger span node → `Span`, following the mapping of the OpenTelemetry Collector's Jaeger
/// translator (`pkg/translator/jaeger/jaegerproto_to_traces.go` in opentelemetry-collector-contrib):
/// - times are microseconds (numbers), or RFC 3339 and `"22938000ns"` / `"0.5s"` strings in
///   api_v2 proto-JSON; they become nanoseconds;
/// - the first `CHILD_OF` reference in the same trace is the parent; failing that, the first
///   `FOLLOWS_FROM` one; every other reference becomes a link with `opentracing.ref_type`;
/// - tags keep their declared type (string/int64/bool/float64/binary; `vType`/`vStr`… in
///   proto-JSON; the ES `tag` map with `@` for dots keeps its JSON types). `span.kind` sets
///   the kind, `otel.status_code`/`otel.status_description` the status, `error=true` makes it
///   ERROR when no status code says otherwise, `otel.library.*`/`otel.scope.*` the scope; those
///   tags are consumed, as the translator does;
/// - logs become events named by their `event` field (else "log"), the other fields attributes;
/// - the process (inline, or `processes[processID]`) becomes the resource: `serviceName` →
///   `service.name`, process tags → resource attributes.
/// Binary tag values are base64 in the UI/API JSON but hex in Elasticsearch documents (which
/// carry `startTimeMillis` or a `tag` map); each is decoded accordingly.
extension JaegerJSONDecoder {
    mutating func decodeSpan(_ node: JSONNode, processes: JSONNode?, traceText: String?) throws(JSONError) -> Span {
        let isElasticsearch = node["startTimeMillis"] != nil || node["tag"] != nil
        var attributes: [Attribute] = []

        guard let traceString = (node["traceID"] ?? node["traceId"])?.string ?? traceText else {
            throw (node["traceID"] ?? node["traceId"] ?? node).mismatch("a trace id (traceID)")
        }
        guard let spanNode = node["spanID"] ?? node["spanId"], let spanString = spanNode.string else {
            throw (node["spanID"] ?? node["spanId"] ?? node).mismatch("a span id (spanID)")
        }
        let (traceID, traceOrigin) = ForeignIdentifiers.traceID(traceString)
        let (spanID, spanOrigin) = ForeignIdentifiers.spanID(spanString)
        if traceOrigin != .exact { attributes.append(Attribute(key: ForeignIdentifiers.sourceTraceIDKey, value: .string(traceString))) }
        if spanOrigin != .exact { attributes.append(Attribute(key: ForeignIdentifiers.sourceSpanIDKey, value: .string(spanString))) }
        if traceOrigin == .hashed || spanOrigin == .hashed { hashedIDCount += 1 }

        let start = try time(node["startTime"], in: node, what: "a start time (microseconds or RFC 3339)")
        var duration: Int64 = 0
        if let d = node["duration"] {
            if let text = d.string {
                guard let v = (try? DurationText.nanoseconds(text, .go)) ?? Int64(text).flatMap(ForeignFields.nanos(micros:)) else {
                    throw d.mismatch("a duration (microseconds, or a string like \"22938000ns\" or \"0.5s\")")
                }
                duration = v
            } else {
                guard let v = ForeignFields.nanos(micros: d) else { throw d.mismatch("a duration in microseconds") }
                duration = v
            }
        }

        for tag in node["tags"]?.elements ?? [] { attributes.append(tagAttribute(tag, hexBinary: isElasticsearch)) }
        for member in node["tag"]?.members ?? [] {
            attributes.append(Attribute(key: ForeignFields.undotted(member.key), value: member.node.attributeValue))
        }

        var span = Span(
            traceID: traceID, spanID: spanID, name: node["operationName"]?.text ?? "",
            startTimeUnixNano: start,
            endTimeUnixNano: try ForeignFields.supported(Math.saturatingAdd(start, duration), at: node["duration"] ?? node))
        let scope = consumeSpecialTags(&attributes, into: &span)
        span.attributes = attributes
        resolveReferences(node, into: &span)
        span.events = try decodeLogs(node["logs"], hexBinary: isElasticsearch)
        span.scopeIndex = builder.intern(scope)

        var process = node["process"]
        if process == nil, let id = (node["processID"] ?? node["processId"])?.text {
            process = processes?[id]
            if process == nil {
                warnings.append(
                    (
                        JSONError(
                            offset: (node["processID"] ?? node["processId"])?.offset ?? node.offset,
                            message: "process \"\(id)\" is not in the trace's processes; service unknown"), documentStart
                    ))
            }
        }
        span.resourceIndex = builder.intern(resource(process, hexBinary: isElasticsearch))
        return span
    }

    /// A time: microseconds as a number or decimal string, or an RFC 3339 string (proto-JSON).
    func time(_ value: JSONNode?, in node: JSONNode, what: String) throws(JSONError) -> Int64 {
        guard let value else { throw JSONError(offset: node.offset, message: "expected \(what), found no such field") }
        if let text = value.string {
            if let t = UTCTime.parseRFC3339(text) { return try ForeignFields.supported(t, at: value) }
            if let micros = Int64(text), let t = ForeignFields.nanos(micros: micros) { return try ForeignFields.supported(t, at: value) }
        } else if let t = ForeignFields.nanos(micros: value) {
            return try ForeignFields.supported(t, at: value)
        }
        throw value.mismatch(what)
    }

    /// A typed tag: `{"key", "type", "value"}` (UI/API/ES JSON) or `{"key", "vType", "vStr"…}`
    /// (api_v2 proto-JSON, where an omitted `vType` is STRING). A value that does not fit its
    /// type keeps its JSON type, with a warning.
    mutating func tagAttribute(_ tag: JSONNode, hexBinary: Bool) -> Attribute {
        let key = tag["key"]?.text ?? ""
        if tag["type"] == nil && tag["value"] == nil {
            // proto3 JSON writes enums as names, or as numbers when asked to (ValueType: 0–4).
            let vTypeText = tag["vType"]?.text?.uppercased() ?? "STRING"
            let vType =
                Int(vTypeText).map {
                    ["STRING", "BOOL", "INT64", "FLOAT64", "BINARY"].indices.contains($0)
                        ? ["STRING", "BOOL", "INT64", "FLOAT64", "BINARY"][$0] : vTypeText
                } ?? vTypeText
            let value: AttributeValue?
            switch vType {
            case "BOOL": value = .bool(tag["vBool"]?.bool ?? false)
            case "INT64": value = (tag["vInt64"]?.int64).map { .int($0) } ?? (tag["vInt64"] == nil ? .int(0) : nil)
            case "FLOAT64": value = .double(tag["vFloat64"]?.double ?? 0)
            case "BINARY": value = Base64.decode(Substring(tag["vBinary"]?.text ?? "")).map { .bytes($0) }
            default: value = .string(tag["vStr"]?.text ?? "")
            }
            if let value { return Attribute(key: key, value: value) }
            warnings.append((tag.mismatch("a \(vType) tag value"), documentStart))
            return Attribute(key: key, value: .empty)
        }
        let type = tag["type"]?.text?.lowercased() ?? "string"
        guard let raw = tag["value"] else { return Attribute(key: key, value: .empty) }
        var value: AttributeValue? = nil
        switch type {
        case "string": value = .string(raw.text ?? raw.summary)
        case "bool": value = raw.bool.map { .bool($0) }
        case "int64": value = raw.int64.map { .int($0) }
        case "float64": value = raw.double.map { .double($0) }
        case "binary":
            if let text = raw.string {
                let decoded =
                    hexBinary
                    ? Self.hexBytes(text) ?? Base64.decode(Substring(text)) : Base64.decode(Substring(text)) ?? Self.hexBytes(text)
                value = decoded.map { .bytes($0) }
            }
        default: value = raw.attributeValue
        }
        if let value { return Attribute(key: key, value: value) }
        warnings.append((raw.mismatch("a \(type) tag value"), documentStart))
        return Attribute(key: key, value: raw.attributeValue)
    }

    static func hexBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var i = 0
        while i < digits.count {
            guard let h = HexDigit.value(digits[i]), let l = HexDigit.value(digits[i + 1]) else { return nil }
            out.append(h << 4 | l)
            i += 2
        }
        return out
    }

    /// Takes the tags that are span fields in OTLP out of `attributes`; returns the scope.
    func consumeSpecialTags(_ attributes: inout [Attribute], into span: inout Span) -> InstrumentationScope {
        var scope = InstrumentationScope()
        var errorTag = false
        var explicitStatus: StatusCode? = nil
        attributes.removeAll { attribute in
            let text: String? = if case .string(let s) = attribute.value { s } else { nil }
            switch attribute.key {
            case "span.kind":
                guard let text, let kind = ForeignFields.spanKind(text) else { return false }
                span.kind = kind
            case "error":
                switch attribute.value {
                case .bool(let b): errorTag = b
                case .string(let s) where s == "true" || s == "false": errorTag = s == "true"
                default: return false
                }
            case "otel.status_code":
                guard let text, let code = ForeignFields.statusCode(text) else { return false }
                explicitStatus = code
            case "otel.status_description":
                span.statusMessage = attribute.value.displayText
            case "otel.library.name", "otel.scope.name":
                scope.name = attribute.value.displayText
            case "otel.library.version", "otel.scope.version":
                scope.version = attribute.value.displayText
            default:
                return false
            }
            return true
        }
        span.status = explicitStatus ?? (errorTag ? .error : .unset)
        return scope
    }

    /// `references` (and the deprecated `parentSpanID`) → parent and links.
    mutating func resolveReferences(_ node: JSONNode, into span: inout Span) {
        var refs: [(type: String, trace: TraceID, span: SpanID)] = []
        for ref in node["references"]?.elements ?? [] {
            guard let spanText = (ref["spanID"] ?? ref["spanId"])?.string else {
                warnings.append((ref.mismatch("a reference with a spanID"), documentStart))
                continue
            }
            let trace = (ref["traceID"] ?? ref["traceId"])?.string.map { ForeignIdentifiers.traceID($0).id } ?? span.traceID
            let refType = (ref["refType"]?.text ?? "CHILD_OF").uppercased()
            refs.append(
                (refType == "1" ? "FOLLOWS_FROM" : refType == "0" ? "CHILD_OF" : refType, trace, ForeignIdentifiers.spanID(spanText).id))
        }
        let (ownTrace, ownSpan) = (span.traceID, span.spanID)
        let sameTrace = { (r: (type: String, trace: TraceID, span: SpanID)) in r.trace == ownTrace && r.span != ownSpan }
        let parentIndex =
            refs.firstIndex { sameTrace($0) && $0.type == "CHILD_OF" }
            ?? refs.firstIndex { sameTrace($0) && $0.type == "FOLLOWS_FROM" }
        if let parentIndex {
            span.parentSpanID = refs[parentIndex].span
        } else if refs.isEmpty, let parentNode = node["parentSpanID"] ?? node["parentSpanId"], let text = parentNode.string {
            if OTLPJSONDecoder.isNoParentPlaceholder(text) {
                warnings.append(
                    (
                        JSONError(
                            offset: parentNode.offset, message: "parentSpanID \"\(text)\" is not a span id; the span is taken as a root"),
                        documentStart
                    ))
            } else {
                let parent = ForeignIdentifiers.spanID(text).id
                if parent != span.spanID { span.parentSpanID = parent }
            }
        }
        for (i, ref) in refs.enumerated() where i != parentIndex {
            span.links.append(
                SpanLink(
                    traceID: ref.trace, spanID: ref.span,
                    attributes: [
                        Attribute(key: "opentracing.ref_type", value: .string(ref.type.lowercased()))
                    ]))
        }
    }

    /// `logs` → events: time in microseconds (or RFC 3339), named by the `event` field.
    mutating func decodeLogs(_ logs: JSONNode?, hexBinary: Bool) throws(JSONError) -> [SpanEvent] {
        var events: [SpanEvent] = []
        for log in logs?.elements ?? [] {
            let time = try self.time(log["timestamp"], in: log, what: "a log timestamp (microseconds or RFC 3339)")
            var fields = (log["fields"]?.elements ?? []).map { tagAttribute($0, hexBinary: hexBinary) }
            var name = "log"
            if let i = fields.firstIndex(where: { $0.key == "event" }) {
                name = fields[i].value.displayText
                fields.remove(at: i)
            }
            events.append(SpanEvent(timeUnixNano: time, name: name, attributes: fields))
        }
        return events
    }

    /// A process → resource: `service.name` first, then its tags (typed list or ES `tag` map).
    mutating func resource(_ process: JSONNode?, hexBinary: Bool) -> Resource {
        guard let process else { return Resource() }
        var attributes: [Attribute] = []
        if let name = process["serviceName"]?.text, !name.isEmpty {
            attributes.append(Attribute(key: "service.name", value: .string(name)))
        }
        for tag in process["tags"]?.elements ?? [] { attributes.append(tagAttribute(tag, hexBinary: hexBinary)) }
        for member in process["tag"]?.members ?? [] {
            attributes.append(Attribute(key: ForeignFields.undotted(member.key), value: member.node.attributeValue))
        }
        return Resource(attributes: attributes)
    }
}
