import TelemetryModel

/// Zipkin v2 JSON (DESIGN §3.4): span arrays as `POST /api/v2/spans` takes them and
/// `GET /api/v2/trace/{id}` returns them, single span objects, and the list of traces
/// (`[[span…]…]`) of `GET /api/v2/traces`. Model: https://zipkin.io/zipkin-api/#/default/post_spans
/// (zipkin2-api.yaml). Zipkin v1 spans (`binaryAnnotations`, annotations with endpoints) are
/// converted to v2 first (`ZipkinV1Span`).
public enum ZipkinJSONFormat: TelemetryFormat {
    public static let name = "zipkin-json"

    /// True when the first span has `traceId` and `id` and none of the keys that mark Jaeger
    /// (`operationName`) or OpenSearch/OTLP (`spanId`) spans.
    public static func sniff(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var keys = DocumentProbe(bytes).recordKeys
        if keys.isEmpty { keys = firstNestedSpanKeys(bytes) }
        return keys.contains("traceId") && keys.contains("id") && !keys.contains("spanId") && !keys.contains("operationName")
    }

    /// The keys of the first span of a `[[span…]…]` list of traces.
    static func firstNestedSpanKeys(_ bytes: UnsafeBufferPointer<UInt8>) -> Set<String> {
        var reader = JSONReader(bytes: bytes, start: OTLPJSONFormat.bomLength(bytes), end: min(bytes.count, DocumentProbe.limit))
        var keys: Set<String> = []
        do {
            try reader.beginArray()
            guard try reader.nextElement(), try reader.peek() == .array else { return [] }
            try reader.beginArray()
            guard try reader.nextElement(), try reader.peek() == .object else { return [] }
            try reader.beginObject()
            while let key = try reader.nextKey() {
                keys.insert(key)
                try reader.skipValue()
            }
        } catch {
            // Cut by the sniff limit: judge by the keys seen.
        }
        return keys
    }

    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, file: String) -> FileDecodeResult {
        ZipkinJSONDecoder.decodeFile(bytes, file: file)
    }
}
