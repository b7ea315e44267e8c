import TelemetryModel

/// OpenSearch / Data Prepper span documents (DESIGN §3.3): the `otel-v1-apm-span` index that
/// Data Prepper's `otel-trace-raw` pipeline writes, and the ss4o (Simple Schema for
/// Observability) span documents — as `_search` responses (`hits.hits[]._source`), `_bulk`
/// NDJSON (action line + document line), plain NDJSON, JSON arrays or single documents.
/// Data Prepper log documents (`logs-otel-v1-*`) become log records (`OpenSearchSpanDecoder+Log`).
/// Service-map documents (`otel-v1-apm-service-map`, APM `sourceNode`/`targetNode` edges),
/// index mappings and Data Prepper metric documents are recognised and yield no spans, with
/// a note. https://opensearch.org/docs/latest/data-prepper/common-use-cases/trace-analytics/,
/// https://github.com/opensearch-project/data-prepper/tree/main/data-prepper-plugins/opensearch
/// (index templates), https://opensearch.org/docs/latest/api-reference/document-apis/bulk/.
public enum OpenSearchSpanFormat: TelemetryFormat {
    public static let name = "opensearch-span"

    /// True when the first document (found through `_search` and `_bulk` envelopes) has
    /// `traceId` and `spanId` but no Jaeger `operationName`, or is a service-map document, an
    /// index mapping or a Data Prepper metric document.
    public static func sniff(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let probe = DocumentProbe(bytes)
        let keys = probe.recordKeys
        if keys.contains("operationName") { return false }
        if keys.contains("traceId") && keys.contains("spanId") { return true }
        if LogDocument.isLog(keys) && !keys.isDisjoint(with: LogDocument.timeKeys) { return true }
        // A `_search` response whose hits are empty has no document to judge by.
        if !probe.topIsArray && probe.topKeys.contains("hits") && (probe.topKeys.contains("took") || probe.topKeys.contains("_shards")) {
            return true
        }
        if OpenSearchSpanDecoder.isServiceMap(keys) || OpenSearchSpanDecoder.isMetric(keys) { return true }
        return !probe.topIsArray && (probe.topKeys == ["properties"] || probe.topKeys.contains("mappings"))
    }

    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, file: String) -> FileDecodeResult {
        OpenSearchSpanDecoder.decodeFile(bytes, file: file) { error, diagnostic in
            if lineHasTripleQuote(bytes, at: error.offset) {
                diagnostic.message =
                    #"triple-quoted string ("""…""") is OpenSearch Dev Tools console syntax, not JSON; "#
                    + #"replace it with a JSON string (escape newlines as \n) to load this file"#
            }
        }
    }

    /// True when the line holding `offset` contains `"""` (the Dev Tools console's multi-line strings).
    static func lineHasTripleQuote(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        var start = min(max(offset, 0), bytes.count)
        while start > 0 && bytes[start - 1] != 0x0A { start -= 1 }
        var quotes = 0
        var i = start
        while i < bytes.count && bytes[i] != 0x0A {
            quotes = bytes[i] == UInt8(ascii: "\"") ? quotes + 1 : 0
            if quotes == 3 { return true }
            i += 1
        }
        return false
    }
}
