import TelemetryModel

/// Decodes every Jaeger JSON variant `JaegerJSONFormat` accepts into a `SnapshotBuilder`.
///
/// The envelope (`data`, trace objects, arrays, NDJSON lines) is pulled with the reader; each
/// span is read as a small `JSONNode` tree, because a tag's `type` decides how its `value` is
/// read and a span's `processID` refers to a `processes` map that may come after the spans.
/// So at most one trace's spans are held at a time, never the whole file's tree (DESIGN §7).
struct JaegerJSONDecoder: JSONFileDecoder {
    var reader: JSONReader
    var builder = SnapshotBuilder()
    var spanCount = 0
    /// Problems that do not make the file unusable, with the start of the top-level value.
    var warnings: [(error: JSONError, documentStart: Int)] = []
    /// Where the top-level value being decoded starts (a line of an NDJSON file).
    var documentStart = 0
    /// How many spans had a trace or span id that is not hex or base64 (mapped by hash).
    var hashedIDCount = 0

    init(reader: JSONReader) {
        self.reader = reader
    }

    /// A note when ids had to be mapped by hash (`ForeignIdentifiers`).
    var notes: [String] {
        guard hashedIDCount > 0 else { return [] }
        return [
            "\(hashedIDCount) spans have ids that are not hex or base64; they were mapped to FNV-1a hashes and kept in the attributes \(ForeignIdentifiers.sourceTraceIDKey) and \(ForeignIdentifiers.sourceSpanIDKey)"
        ]
    }

    /// Decodes every top-level value (one, or several as NDJSON / `_bulk` lines).
    mutating func decodeAll() throws(JSONError) {
        while !reader.isAtEnd() {
            documentStart = reader.position
            try decodeValue(depth: 0)
        }
    }

    /// A trace, a span, a container of either, or an array of them.
    mutating func decodeValue(depth: Int) throws(JSONError) {
        let at = reader.valueOffset()
        switch try reader.peek() {
        case .object:
            try decodeObject(depth: depth)
        case .array where depth < 3:
            try reader.beginArray()
            while try reader.nextElement() {
                if reader.skipNull() { continue }
                guard try reader.peek() == .object else {
                    throw try JSONNode.read(&reader).mismatch("a Jaeger trace or span object")
                }
                try decodeObject(depth: depth + 1)
            }
        default:
            reader.position = at
            throw try JSONNode.read(&reader).mismatch("a Jaeger trace, span or {\"data\": …} object")
        }
    }

    /// One object: an envelope (`data`/`result`), a trace (`spans` + `processes`), a span
    /// document, a `_bulk` action line, or a `jaeger-service` document (skipped).
    mutating func decodeObject(depth: Int) throws(JSONError) {
        let start = reader.valueOffset()
        var members: [JSONNode.Member] = []
        var spanNodes: [JSONNode] = []
        var processes: JSONNode? = nil
        var isContainer = false
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "data" where depth < 2, "result" where depth < 2, "hits" where depth < 2:
                // `hits` is an Elasticsearch/OpenSearch `_search` response: `hits.hits[]._source`.
                isContainer = true
                if reader.skipNull() { continue }
                try decodeValue(depth: depth + 1)
            case "_source" where depth < 5:
                // A search hit (`{"_index", "_id", "_score", "_source": span}`, per line from
                // elasticdump or in `hits.hits`): the document is the span.
                guard try reader.peek() == .object else {
                    members.append(JSONNode.Member(key: key, node: try JSONNode.read(&reader)))
                    continue
                }
                isContainer = true
                try decodeObject(depth: depth + 1)
            case "spans":
                isContainer = true
                if reader.skipNull() { continue }
                let list = try JSONNode.read(&reader)
                guard list.isArray else { throw list.mismatch("an array of spans") }
                spanNodes += list.elements
            case "processes":
                processes = try JSONNode.read(&reader)
            case "processMap", "process_map":
                let list = try JSONNode.read(&reader)
                if list.isArray { processes = JaegerProtoNames.processes(fromMap: list) }
            default:
                members.append(JSONNode.Member(key: key, node: try JSONNode.read(&reader)))
            }
        }
        let object = JSONNode(offset: start, value: .object(members))
        if isContainer {
            let traceText = object["traceID"]?.text ?? object["traceId"]?.text ?? object["trace_id"]?.text
            for node in spanNodes where node.isObject {
                try addSpan(JaegerProtoNames.camelCased(node), processes: processes, traceText: traceText)
            }
            return
        }
        if ForeignFields.isBulkAction(object) { return }
        if object["spanID"] != nil || object["spanId"] != nil {
            try addSpan(object, processes: nil, traceText: nil)
        } else if object["operationName"] != nil && object["serviceName"] != nil {
            return  // a jaeger-service index document: service and operation names, no span
        } else if object["span_id"] != nil {
            try addSpan(JaegerProtoNames.camelCased(object), processes: nil, traceText: nil)
        } else if object["total"] == nil && object["errors"] == nil {
            warnings.append((JSONError(offset: start, message: "not a Jaeger trace or span (no spanID or spans); skipped"), documentStart))
        }
    }

    /// Decodes one span node and adds it.
    mutating func addSpan(_ node: JSONNode, processes: JSONNode?, traceText: String?) throws(JSONError) {
        let span = try decodeSpan(node, processes: processes, traceText: traceText)
        builder.add(span)
        spanCount += 1
    }
}
