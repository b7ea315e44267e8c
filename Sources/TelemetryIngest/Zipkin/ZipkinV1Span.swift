/// Zipkin v1 JSON spans (`/api/v1/spans`, the format before 2017 and what many old
/// instrumentations still send): no `kind`, no `localEndpoint`; instead `annotations` with an
/// `endpoint` each, whose core values mark the side and the timing (`cs`/`cr` client send and
/// receive, `sr`/`ss` server receive and send, `ms`/`mr` messaging), and `binaryAnnotations`
/// (`{key, value, endpoint}`) for tags, where `ca`/`sa`/`ma` name the client, server and broker
/// addresses. One v1 span that holds both `cs` and `sr` is an RPC seen from both sides.
///
/// Converted into v2 span nodes the way Zipkin's own `V1SpanConverter` (zipkin2.v1) does:
/// a span per side — CLIENT from `cs`…`cr` with the `cs` endpoint as its service, SERVER from
/// `sr`…`ss` (marked `shared` when the v1 span had both sides or no timestamp of its own) —
/// the span's own `timestamp`/`duration` for the side that owns it, other annotations as
/// events, binary annotations as string tags, addresses as the remote endpoint. The v2
/// decoder then reads them as usual. https://zipkin.io/zipkin-api/zipkin-api.yaml (v1),
/// https://github.com/openzipkin/zipkin/blob/master/zipkin/src/main/java/zipkin2/v1/V1SpanConverter.java.
enum ZipkinV1Span {
    static let coreValues: Set<String> = ["cs", "cr", "sr", "ss", "ms", "mr", "ws", "wr"]

    /// True when a span node is v1: it has `binaryAnnotations`, or annotations that carry an
    /// `endpoint`, and none of the v2 fields `kind`, `localEndpoint`, `remoteEndpoint`, `tags`.
    static func isV1(_ node: JSONNode) -> Bool {
        guard node["kind"] == nil, node["localEndpoint"] == nil, node["remoteEndpoint"] == nil, node["tags"] == nil else { return false }
        if node["binaryAnnotations"] != nil { return true }
        return (node["annotations"]?.elements ?? []).contains { $0["endpoint"] != nil }
    }

    private struct Side {
        var kind: String
        var start: JSONNode?
        var end: JSONNode?
        var endpoint: JSONNode?
        var remote: JSONNode?
        var shared = false
        var annotations: [JSONNode] = []
        var tags: [JSONNode.Member] = []
    }

    /// The v2 span nodes for one v1 span node (one, or two for a span with both sides).
    static func v2Spans(_ node: JSONNode) -> [JSONNode] {
        var byValue: [String: JSONNode] = [:]
        var others: [JSONNode] = []
        for annotation in node["annotations"]?.elements ?? [] {
            let value = annotation["value"]?.text ?? ""
            if coreValues.contains(value), byValue[value] == nil { byValue[value] = annotation } else { others.append(annotation) }
        }
        var sides: [Side] = []
        if byValue["cs"] != nil || byValue["cr"] != nil {
            sides.append(
                Side(
                    kind: "CLIENT", start: byValue["cs"]?["timestamp"], end: byValue["cr"]?["timestamp"],
                    endpoint: (byValue["cs"] ?? byValue["cr"])?["endpoint"]))
        }
        if byValue["sr"] != nil || byValue["ss"] != nil {
            sides.append(
                Side(
                    kind: "SERVER", start: byValue["sr"]?["timestamp"], end: byValue["ss"]?["timestamp"],
                    endpoint: (byValue["sr"] ?? byValue["ss"])?["endpoint"]))
        }
        if byValue["ms"] != nil {
            sides.append(Side(kind: "PRODUCER", start: byValue["ms"]?["timestamp"], end: nil, endpoint: byValue["ms"]?["endpoint"]))
        }
        if byValue["mr"] != nil {
            sides.append(Side(kind: "CONSUMER", start: byValue["mr"]?["timestamp"], end: nil, endpoint: byValue["mr"]?["endpoint"]))
        }
        if sides.isEmpty { sides.append(Side(kind: "", start: nil, end: nil, endpoint: nil)) }

        // Binary annotations: addresses become remote endpoints, the rest tags of the side
        // whose service wrote them (else the first side).
        var firstEndpoint = (node["annotations"]?.elements ?? []).lazy.compactMap { $0["endpoint"] }.first
        for binary in node["binaryAnnotations"]?.elements ?? [] {
            let key = binary["key"]?.text ?? ""
            let endpoint = binary["endpoint"]
            if ["ca", "sa", "ma"].contains(key), binary["value"]?.bool ?? (binary["value"]?.text == "true") {
                let wanted = key == "sa" ? "CLIENT" : key == "ca" ? "SERVER" : "PRODUCER"
                if let i = sides.firstIndex(where: { $0.kind == wanted }) { sides[i].remote = endpoint }
                continue
            }
            if firstEndpoint == nil { firstEndpoint = endpoint }
            let value = binary["value"].map { $0.text ?? $0.summary } ?? ""
            let i = index(of: endpoint, in: sides) ?? 0
            if sides[i].endpoint == nil, let endpoint { sides[i].endpoint = endpoint }
            sides[i].tags.append(JSONNode.Member(key: key, node: JSONNode(offset: binary.offset, value: .string(value))))
        }
        for annotation in others {
            let i = index(of: annotation["endpoint"], in: sides) ?? 0
            sides[i].annotations.append(
                JSONNode(
                    offset: annotation.offset,
                    value: .object(
                        [
                            annotation["timestamp"].map { JSONNode.Member(key: "timestamp", node: $0) },
                            annotation["value"].map { JSONNode.Member(key: "value", node: $0) },
                        ].compactMap { $0 })))
        }
        if sides[0].endpoint == nil { sides[0].endpoint = firstEndpoint }

        // The span's own timestamp and duration belong to the first side (the one that started
        // the span: the client of an RPC); a server side without them is the shared half.
        let ownTimestamp = ZipkinJSONDecoder.present(node["timestamp"]), ownDuration = ZipkinJSONDecoder.present(node["duration"])
        return sides.enumerated().map { i, side in
            var members: [JSONNode.Member] = []
            for key in ["traceId", "id", "parentId", "name", "debug"] {
                if let value = ZipkinJSONDecoder.present(node[key]) { members.append(JSONNode.Member(key: key, node: value)) }
            }
            if !side.kind.isEmpty {
                members.append(JSONNode.Member(key: "kind", node: JSONNode(offset: node.offset, value: .string(side.kind))))
            }
            let owns = i == 0 && (ownTimestamp != nil || side.start == nil)
            if let start = owns ? ownTimestamp ?? side.start : side.start {
                members.append(JSONNode.Member(key: "timestamp", node: start))
            }
            if owns, let ownDuration {
                members.append(JSONNode.Member(key: "duration", node: ownDuration))
            } else if let s = side.start?.int64, let e = side.end?.int64, e >= s, case (let d, false) = e.subtractingReportingOverflow(s) {
                // (Annotations far apart enough to overflow give no duration; their start is then
                // outside the times a snapshot holds, an error at it.)
                members.append(
                    JSONNode.Member(
                        key: "duration",
                        node: JSONNode(offset: side.end!.offset, value: .number(JSONNumber(text: String(d), isInteger: true)))))
            }
            if side.kind == "SERVER" && (sides.count > 1 || ownTimestamp == nil) {
                members.append(JSONNode.Member(key: "shared", node: JSONNode(offset: node.offset, value: .bool(true))))
            }
            if let endpoint = side.endpoint { members.append(JSONNode.Member(key: "localEndpoint", node: endpoint)) }
            if let remote = side.remote { members.append(JSONNode.Member(key: "remoteEndpoint", node: remote)) }
            if !side.annotations.isEmpty {
                members.append(JSONNode.Member(key: "annotations", node: JSONNode(offset: node.offset, value: .array(side.annotations))))
            }
            if !side.tags.isEmpty {
                members.append(JSONNode.Member(key: "tags", node: JSONNode(offset: node.offset, value: .object(side.tags))))
            }
            return JSONNode(offset: node.offset, value: .object(members))
        }
    }

    /// The side whose endpoint has the same service name as `endpoint`.
    private static func index(of endpoint: JSONNode?, in sides: [Side]) -> Int? {
        guard let name = endpoint?["serviceName"]?.text else { return nil }
        return sides.firstIndex { $0.endpoint?["serviceName"]?.text == name }
    }
}
