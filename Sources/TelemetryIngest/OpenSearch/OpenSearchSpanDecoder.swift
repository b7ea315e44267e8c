import TelemetryModel

/// Decodes OpenSearch / Data Prepper span documents (see `OpenSearchSpanFormat`) into a
/// `SnapshotBuilder`.
///
/// The envelope (`_search` response, array, NDJSON and `_bulk` lines) is pulled with the
/// reader; each document is read as one `JSONNode`, because the same field comes flattened
/// (`span.attributes.http@method`, `status.code`) or nested (`status: {code}`) and in any order.
struct OpenSearchSpanDecoder: JSONFileDecoder {
    var reader: JSONReader
    var builder = SnapshotBuilder()
    var spanCount = 0
    var warnings: [(error: JSONError, documentStart: Int)] = []
    /// Notes for the whole file (documents that are not spans, ids that were mapped).
    var notes: [String] = []
    var documentStart = 0
    var serviceMapCount = 0
    var mappingCount = 0
    var metricCount = 0
    var logCount = 0
    /// `_search` responses whose `hits.hits` was empty.
    var emptySearchCount = 0
    var hashedIDCount = 0
    var truncatedIDCount = 0

    init(reader: JSONReader) {
        self.reader = reader
    }

    /// Data Prepper `otel-v1-apm-service-map` documents and the newer APM edge documents.
    static func isServiceMap(_ keys: Set<String>) -> Bool {
        (keys.contains("hashId") && keys.contains("serviceName")) || keys.contains("sourceNode") || keys.contains("targetNode")
    }

    /// True when a document has what every span has: `traceId`, `spanId` and `startTime`
    /// (log documents have the ids but no start time; see `LogDocument`).
    static func isSpan(_ keys: Set<String>) -> Bool {
        keys.contains("traceId") && keys.contains("spanId") && keys.contains("startTime")
    }

    /// Data Prepper metric documents (`otel-v1-metrics`): `serviceName`, `kind` SUM/GAUGE/….
    static func isMetric(_ keys: Set<String>) -> Bool {
        keys.contains("serviceName") && keys.contains("kind") && !keys.contains("spanId")
            && (keys.contains("aggregationTemporality") || keys.contains("unit") || keys.contains("bucketCounts"))
    }

    mutating func decodeAll() throws(JSONError) {
        while !reader.isAtEnd() {
            documentStart = reader.position
            switch try reader.peek() {
            case .object:
                try decodeTopObject()
            case .array:
                try reader.beginArray()
                while try reader.nextElement() {
                    if reader.skipNull() { continue }
                    try decodeDocument(try JSONNode.read(&reader))
                }
            default:
                throw try JSONNode.read(&reader).mismatch("an OpenSearch document, a _search response or an array of documents")
            }
        }
        if serviceMapCount > 0 { notes.append("OpenSearch service-map documents: no spans (\(serviceMapCount) skipped)") }
        if mappingCount > 0 { notes.append("OpenSearch index mappings: no spans (\(mappingCount) skipped)") }
        if emptySearchCount > 0 {
            notes.append(
                "\(emptySearchCount == 1 ? "the _search response has" : "\(emptySearchCount) _search responses have") no hits: no documents, no spans"
            )
        }
        if metricCount > 0 { notes.append("Data Prepper metric documents are not decoded: no spans (\(metricCount) skipped)") }
        if truncatedIDCount > 0 {
            notes.append(
                "\(truncatedIDCount) trace ids have 48 hex digits; the first 32 were kept and the full id is in the attribute \(ForeignIdentifiers.sourceTraceIDKey)"
            )
        }
        if hashedIDCount > 0 {
            notes.append(
                "\(hashedIDCount) spans have ids that are not hex or base64; they were mapped to FNV-1a hashes and kept in the attributes \(ForeignIdentifiers.sourceTraceIDKey) and \(ForeignIdentifiers.sourceSpanIDKey)"
            )
        }
    }

    /// A top-level object: a `_search` response (streamed hit by hit), a `_bulk` action line
    /// (skipped), or a document.
    mutating func decodeTopObject() throws(JSONError) {
        let start = reader.valueOffset()
        var members: [JSONNode.Member] = []
        var isSearchResponse = false
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key == "hits", try reader.peek() == .object {
                isSearchResponse = true
                try decodeHits()
            } else {
                members.append(JSONNode.Member(key: key, node: try JSONNode.read(&reader)))
            }
        }
        if isSearchResponse { return }
        let node = JSONNode(offset: start, value: .object(members))
        if ForeignFields.isBulkAction(node) { return }
        try decodeDocument(node)
    }

    /// The document inside a search hit (`{"_index", "_id", "_score", "_source": {…}}`, as
    /// elasticdump and `hits.hits` write them), or nil when `node` is not a hit.
    static func hitSource(_ node: JSONNode) -> JSONNode? {
        guard let source = node["_source"], source.isObject else { return nil }
        return source
    }

    /// `hits: {total, max_score, hits: [{_index, _id, _source}]}`.
    mutating func decodeHits() throws(JSONError) {
        try reader.beginObject()
        while let key = try reader.nextKey() {
            guard key == "hits", !reader.skipNull() else {
                try reader.skipValue()
                continue
            }
            try reader.beginArray()
            var any = false
            defer { if !any { emptySearchCount += 1 } }
            while try reader.nextElement() {
                any = true
                let hit = try JSONNode.read(&reader)
                if let source = Self.hitSource(hit) { try decodeDocument(source) }
            }
        }
    }

    /// One document: a span is added; other known documents are counted for the notes.
    mutating func decodeDocument(_ node: JSONNode) throws(JSONError) {
        guard node.isObject else { throw node.mismatch("an OpenSearch document object") }
        if let source = Self.hitSource(node) { return try decodeDocument(source) }
        let keys = Set(node.members.map(\.key))
        if Self.isLogRecord(keys) {
            builder.logs.append(try decodeLog(node))
            logCount += 1
        } else if Self.isSpan(keys) {
            builder.add(try decodeSpan(node))
            spanCount += 1
        } else if keys.contains("traceId") && keys.contains("spanId") {
            warnings.append(
                (
                    JSONError(offset: node.offset, message: "a document with traceId and spanId but no startTime is not a span; skipped"),
                    documentStart
                ))
        } else if Self.isServiceMap(keys) {
            serviceMapCount += 1
        } else if keys.contains("properties") || keys.contains("mappings") {
            mappingCount += 1
        } else if Self.isMetric(keys) {
            metricCount += 1
        } else {
            warnings.append(
                (
                    JSONError(
                        offset: node.offset, message: "not a span or log document (no traceId and spanId, no severity or body); skipped"),
                    documentStart
                ))
        }
    }
}
