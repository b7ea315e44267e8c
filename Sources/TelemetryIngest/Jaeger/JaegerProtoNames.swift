/// Jaeger api_v2 proto-JSON written with the `.proto` field names (`trace_id`, `span_id`,
/// `operation_name`, `start_time`, `process.service_name`, `v_type`, `v_str`, `ref_type`,
/// `process_id`, `process_map`) — what `protojson` with `UseProtoNames`, Python's
/// `MessageToJson(preserving_proto_field_name=True)` and grpcurl's `--use-proto-names` emit.
/// The proto3 JSON mapping requires readers to accept both these and the lowerCamelCase names
/// (https://protobuf.dev/programming-guides/json/), so a span written this way is renamed to
/// lowerCamelCase once and then read by the one span decoder.
/// Model: https://github.com/jaegertracing/jaeger-idl/blob/main/proto/api_v2/model.proto.
enum JaegerProtoNames {
    /// The node with every object key that has an underscore converted to lowerCamelCase
    /// (`v_int64` → `vInt64`), recursively. Keys without an underscore are kept, so a span
    /// that mixes both spellings still reads; values (tag keys such as `http.status_code`) are
    /// never touched.
    static func camelCased(_ node: JSONNode) -> JSONNode {
        switch node.value {
        case .object(let members):
            guard members.contains(where: { $0.key.utf8.contains(UInt8(ascii: "_")) || $0.node.isObject || $0.node.isArray }) else {
                return node
            }
            return JSONNode(
                offset: node.offset,
                value: .object(
                    members.map {
                        JSONNode.Member(key: OTLPJSONDecoder.fieldName($0.key), node: camelCased($0.node))
                    }))
        case .array(let elements):
            return JSONNode(offset: node.offset, value: .array(elements.map(camelCased)))
        default:
            return node
        }
    }

    /// A trace's `process_map` / `processMap` (a list of `{process_id, process}`) as the
    /// `processes` object the UI JSON has (`{id: process}`), for `processID` lookups.
    static func processes(fromMap list: JSONNode) -> JSONNode {
        let camel = camelCased(list)
        var members: [JSONNode.Member] = []
        for entry in camel.elements {
            guard let id = entry["processId"]?.text, let process = entry["process"] else { continue }
            members.append(JSONNode.Member(key: id, node: process))
        }
        return JSONNode(offset: list.offset, value: .object(members))
    }
}
