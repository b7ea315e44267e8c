import TelemetryModel

/// OTLP/JSON files: the collector's file exporter, `otlpjsonfile`, OTLP/HTTP JSON bodies, and
/// the Jaeger api_v3 and Tempo envelopes around them (DESIGN §3.1).
public enum OTLPJSONFormat: TelemetryFormat {
    public static let name = "otlp-json"

    /// Top-level keys (camelCase after snake_case conversion) that only OTLP requests have.
    static let requestKeys: Set<String> = ["resourceSpans", "resourceMetrics", "resourceLogs", "batches"]

    /// How much of a file the sniffer reads: the first request's first key is normally at
    /// its start, but an envelope may put other keys first.
    static let sniffLimit = 1 << 20

    /// True when the first JSON object (after a UTF-8 BOM and whitespace) has an OTLP request
    /// key at its top level, or inside a `result` envelope.
    public static func sniff(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var reader = JSONReader(bytes: bytes, start: bomLength(bytes), end: min(bytes.count, sniffLimit))
        return (try? hasRequestKey(&reader, depth: 0)) ?? false
    }

    private static func hasRequestKey(_ reader: inout JSONReader, depth: Int) throws(JSONError) -> Bool {
        guard try reader.peek() == .object else { return false }
        try reader.beginObject()
        while let key = try reader.nextKey() {
            let field = OTLPJSONDecoder.fieldName(key)
            if requestKeys.contains(field) { return true }
            if field == "result", depth == 0, try reader.peek() == .object {
                if try hasRequestKey(&reader, depth: 1) { return true }
            } else {
                try reader.skipValue()
            }
        }
        return false
    }

    static func bomLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, file: String) -> FileDecodeResult {
        OTLPJSONDecoder.decodeFile(bytes, file: file)
    }
}
