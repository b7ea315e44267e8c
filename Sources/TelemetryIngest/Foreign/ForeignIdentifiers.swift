import TelemetryModel
import Vocabulary

/// Trace and span ids as Jaeger, Zipkin and OpenSearch write them, normalised to the model's
/// 128-bit and 64-bit integers (shown as lowercase hex), so spans from every format mix freely.
///
/// What the corpus holds (SOURCES.md, "Format quirks"), and what each becomes:
/// - hex of any case, up to 32 digits for traces and 16 for spans: left-padded with zeros
///   (Jaeger trims leading zeros, giving 31 digits; Zipkin and Jaeger 64-bit ids are 16);
/// - base64 of 16 or 8 bytes (Jaeger api_v2 proto-JSON, 2020 Data Prepper documents);
/// - 48 hex digits (OpenSearch APM demo documents, 2026): the first 32 digits are kept (they
///   are a UUID, the rest a suffix), reported as `.truncated`;
/// - anything else ("trace-123", "span-1", "ERROR_TRACE_ID"): a stable FNV-1a hash of the
///   UTF-8 text (128-bit for traces, 64-bit for spans; http://www.isthe.com/chongo/tech/comp/fnv/),
///   reported as `.hashed`. Equal texts give equal ids in every file and run, so parents still
///   resolve; decoders keep the original text in `source.trace_id` / `source.span_id`.
enum ForeignIdentifiers {
    /// How an id was obtained from its text.
    enum Origin: Equatable {
        case exact, truncated, hashed
    }

    /// Attribute keys that keep the original text of a hashed or truncated id.
    static let sourceTraceIDKey = "source.trace_id"
    static let sourceSpanIDKey = "source.span_id"

    static func traceID(_ text: String) -> (id: TraceID, origin: Origin) {
        if text.isEmpty { return (.zero, .exact) }
        let utf8 = text.utf8
        if utf8.allSatisfy(isHexDigit) {
            if utf8.count <= 32, let id = TraceID(hex: text) { return (id, .exact) }
            if utf8.count == 48, let id = TraceID(hex: text.prefix(32)) { return (id, .truncated) }
        } else if utf8.count == 22 || utf8.count == 24,
            let bytes = Base64.decode(Substring(text)), let id = TraceID(bytes: bytes)
        {
            return (id, .exact)
        }
        let h = fnv1a128(text)
        return (TraceID(high: UInt64(truncatingIfNeeded: h >> 64), low: UInt64(truncatingIfNeeded: h)), .hashed)
    }

    static func spanID(_ text: String) -> (id: SpanID, origin: Origin) {
        if text.isEmpty { return (.none, .exact) }
        let utf8 = text.utf8
        if utf8.allSatisfy(isHexDigit) {
            if utf8.count <= 16, let id = SpanID(hex: Substring(text)) { return (id, .exact) }
        } else if utf8.count == 11 || utf8.count == 12,
            let bytes = Base64.decode(Substring(text)), let id = SpanID(bytes: bytes)
        {
            return (id, .exact)
        }
        return (SpanID(fnv1a64(text)), .hashed)
    }

    @inline(__always)
    static func isHexDigit(_ b: UInt8) -> Bool { HexDigit.value(b) != nil }

    /// FNV-1a, 64-bit (offset basis 0xcbf29ce484222325, prime 0x100000001b3).
    static func fnv1a64(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }

    /// FNV-1a, 128-bit (offset basis 0x6c62272e07bb014262b821756295c58d, prime 2^88 + 0x13b).
    static func fnv1a128(_ text: String) -> UInt128 {
        var h: UInt128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d
        let prime: UInt128 = (1 << 88) + 0x13b
        for b in text.utf8 {
            h ^= UInt128(b)
            h = h &* prime
        }
        return h
    }
}
