import TelemetryModel
import Vocabulary

/// Decodes Zipkin v2 JSON spans into a `SnapshotBuilder`, following the mapping of the
/// OpenTelemetry Collector's Zipkin receiver (`pkg/translator/zipkin/zipkinv2` in
/// opentelemetry-collector-contrib):
/// - `timestamp`/`duration` are microseconds; a missing `duration` gives 0 (with a warning),
///   a missing `timestamp` the earliest annotation, else the trace's earliest start (warning);
/// - `localEndpoint.serviceName` → `service.name`; its `ipv4`/`ipv6`/`port` → `net.host.ip`,
///   `net.host.port`; `remoteEndpoint` → `peer.service`, `net.peer.ip`, `net.peer.port`;
/// - `annotations` → events named by their value; `tags` → string attributes; the `error` tag
///   → status ERROR with its value as the message (the tag is consumed);
/// - a `parentId` equal to the span's own `id` is dropped (the span is a root), so no cycle.
/// Shared span ids (Zipkin v1 style, and v2 `shared: true` server halves): within a trace the
/// first non-shared CLIENT half (else the first non-shared, else the first) keeps the id; each
/// other half gets a stable derived id (FNV-1a 64 of "trace/id/n"), becomes a child of the
/// kept half, and keeps the original id in `source.span_id` — every span is kept, none merged.
struct ZipkinJSONDecoder: JSONFileDecoder {
    var reader: JSONReader
    var builder = SnapshotBuilder()
    var spanCount = 0
    var warnings: [(error: JSONError, documentStart: Int)] = []
    var notes: [String] = []
    var documentStart = 0
    /// Decoded spans with what the post-pass needs, held until the end of the file.
    var pending: [(span: Span, shared: Bool, hasTimestamp: Bool, offset: Int)] = []
    var missingDuration: [Int] = []
    /// Zipkin v1 spans read (each becomes one span per side; see `ZipkinV1Span`).
    var v1Count = 0

    init(reader: JSONReader) {
        self.reader = reader
    }

    mutating func decodeAll() throws(JSONError) {
        while !reader.isAtEnd() {
            documentStart = reader.position
            try decodeValue(depth: 0)
        }
        if let first = missingDuration.first {
            warnings.append(
                (JSONError(offset: first, message: "\(missingDuration.count) spans have no duration; their duration is taken as 0"), 0))
        }
        if v1Count > 0 {
            notes.append(
                "\(v1Count) Zipkin v1 spans (annotations cs/sr/ss/cr, binaryAnnotations) were converted to v2 as Zipkin's V1SpanConverter does: one span per side, timed by its annotations"
            )
        }
        finish()
    }

    /// A span object, an array of spans, or an array of such arrays (a list of traces).
    mutating func decodeValue(depth: Int) throws(JSONError) {
        switch try reader.peek() {
        case .object:
            let node = try JSONNode.read(&reader)
            if ZipkinV1Span.isV1(node) {
                v1Count += 1
                for span in ZipkinV1Span.v2Spans(node) { try decodeSpan(span) }
            } else {
                try decodeSpan(node)
            }
        case .array where depth < 2:
            try reader.beginArray()
            while try reader.nextElement() {
                if reader.skipNull() { continue }
                try decodeValue(depth: depth + 1)
            }
        default:
            throw try JSONNode.read(&reader).mismatch("a Zipkin span object or an array of spans")
        }
    }

    mutating func decodeSpan(_ node: JSONNode) throws(JSONError) {
        guard let traceNode = node["traceId"], let traceText = traceNode.string,
            let (traceID, traceOrigin) = Optional(ForeignIdentifiers.traceID(traceText)), traceOrigin == .exact, !traceID.isZero
        else {
            throw (node["traceId"] ?? node).mismatch("a traceId of 16 or 32 hex digits")
        }
        guard let idNode = node["id"], let idText = idNode.string,
            let (spanID, spanOrigin) = Optional(ForeignIdentifiers.spanID(idText)), spanOrigin == .exact, !spanID.isNone
        else {
            throw (node["id"] ?? node).mismatch("a span id of 16 hex digits")
        }
        var span = Span(
            traceID: traceID, spanID: spanID, name: node["name"]?.text ?? "",
            startTimeUnixNano: 0, endTimeUnixNano: 0)
        if let parent = node["parentId"], let text = parent.string, OTLPJSONDecoder.isNoParentPlaceholder(text) {
            warnings.append(
                (
                    JSONError(offset: parent.offset, message: "parentId \"\(text)\" is not a span id; the span is taken as a root"),
                    documentStart
                ))
        } else if let parent = node["parentId"] {
            guard let text = parent.string, case let (id, .exact) = ForeignIdentifiers.spanID(text) else {
                throw parent.mismatch("a parentId of 16 hex digits")
            }
            if id == spanID {
                warnings.append(
                    (
                        JSONError(offset: parent.offset, message: "parentId equals the span's own id; the span is taken as a root"),
                        documentStart
                    ))
            } else {
                span.parentSpanID = id
            }
        }
        if let kind = node["kind"] {
            guard let text = kind.string, let value = ForeignFields.spanKind(text) else {
                throw kind.mismatch("a span kind (CLIENT, SERVER, PRODUCER or CONSUMER)")
            }
            span.kind = value
        }
        let timestamp = try Self.present(node["timestamp"]).map { n throws(JSONError) in
            guard let t = ForeignFields.nanos(micros: n) else { throw n.mismatch("a timestamp in microseconds") }
            return try ForeignFields.supported(t, at: n)
        }
        span.startTimeUnixNano = timestamp ?? 0
        var duration: Int64 = 0
        let durationNode = Self.present(node["duration"])
        if let d = durationNode {
            guard let v = ForeignFields.nanos(micros: d), v >= 0 else { throw d.mismatch("a duration in microseconds") }
            duration = v
        } else {
            missingDuration.append(node.offset)
        }

        var attributes: [Attribute] = []
        var resource: [Attribute] = []
        if let local = node["localEndpoint"] {
            if let name = local["serviceName"]?.text, !name.isEmpty {
                resource.append(Attribute(key: "service.name", value: .string(name)))
            }
            Self.endpoint(local, ip: "net.host.ip", port: "net.host.port", into: &attributes)
        }
        if let remote = node["remoteEndpoint"] {
            if let name = remote["serviceName"]?.text, !name.isEmpty {
                attributes.append(Attribute(key: "peer.service", value: .string(name)))
            }
            Self.endpoint(remote, ip: "net.peer.ip", port: "net.peer.port", into: &attributes)
        }
        for member in node["tags"]?.members ?? [] {
            let value = member.node.text ?? member.node.summary
            if member.key == "error" {
                span.status = .error
                span.statusMessage = value
            } else {
                attributes.append(Attribute(key: member.key, value: .string(value)))
            }
        }
        span.attributes = attributes
        for annotation in node["annotations"]?.elements ?? [] {
            guard let at = annotation["timestamp"], let t = ForeignFields.nanos(micros: at) else {
                throw annotation.mismatch("an annotation with a timestamp in microseconds")
            }
            _ = try ForeignFields.supported(t, at: at)
            span.events.append(SpanEvent(timeUnixNano: t, name: annotation["value"]?.text ?? ""))
        }
        if timestamp == nil, let first = span.events.map(\.timeUnixNano).min() { span.startTimeUnixNano = first }
        span.endTimeUnixNano = try ForeignFields.supported(
            Math.saturatingAdd(span.startTimeUnixNano, duration), at: durationNode ?? node)
        if timestamp != nil {
            for (event, annotation) in zip(span.events, node["annotations"]?.elements ?? [])
            where event.timeUnixNano < span.startTimeUnixNano - 3_600_000_000_000
                || event.timeUnixNano > span.endTimeUnixNano + 3_600_000_000_000
            {
                warnings.append(
                    (
                        JSONError(
                            offset: annotation.offset,
                            message:
                                "annotation \"\(event.name)\" is more than an hour away from its span (a digit missing?); kept as written"),
                        documentStart
                    ))
            }
        }
        span.resourceIndex = builder.intern(Resource(attributes: resource))
        span.scopeIndex = builder.intern(InstrumentationScope())
        pending.append((span, node["shared"]?.bool ?? false, timestamp != nil || !span.events.isEmpty, node.offset))
    }

    /// The node unless it is absent or `null` (v1 writers emit `"duration": null` for spans
    /// still open, as the Zipkin API allows).
    static func present(_ node: JSONNode?) -> JSONNode? {
        guard let node else { return nil }
        if case .null = node.value { return nil }
        return node
    }

    /// `{serviceName, ipv4, ipv6, port}` → ip and port attributes.
    static func endpoint(_ node: JSONNode, ip: String, port: String, into attributes: inout [Attribute]) {
        if let v = node["ipv4"]?.text ?? node["ipv6"]?.text { attributes.append(Attribute(key: ip, value: .string(v))) }
        if let p = node["port"]?.int64 { attributes.append(Attribute(key: port, value: .int(p))) }
    }
}
