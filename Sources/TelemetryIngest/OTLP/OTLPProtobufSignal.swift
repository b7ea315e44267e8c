/// Which signal an OTLP protobuf request carries. `ExportTraceServiceRequest`,
/// `ExportMetricsServiceRequest` and `ExportLogsServiceRequest` look alike on the wire — field 1
/// holds resource messages whose field 2 holds scope messages whose field 2 holds the items —
/// so the signal is read from the items: each field number has one wire type in `Span`, in
/// `Metric` and in `LogRecord`, and a field that does not fit a message rules it out
/// (`Span.start_time_unix_nano = 7` is fixed64, `Metric.sum = 7` length-delimited,
/// `LogRecord.dropped_attributes_count = 7` a varint). Items are read until one signal is
/// left; a real span, metric or log record settles it at the first item.
enum OTLPProtobufSignal {
    case traces, metrics, logs

    /// The request's field 1 in OTLP/JSON terms, for error paths.
    var containerName: String {
        switch self {
        case .traces: return "resourceSpans"
        case .metrics: return "resourceMetrics"
        case .logs: return "resourceLogs"
        }
    }

    /// Wire types by field number (index), 0xFF where the message has no such field.
    private static let spanWireTypes: [UInt8] = [0xFF, 2, 2, 2, 2, 2, 0, 1, 1, 2, 0, 2, 0, 2, 0, 2, 5]
    /// `Metric`; the legacy int kinds (4, 6, 8) are messages too.
    private static let metricWireTypes: [UInt8] = [0xFF, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]
    private static let logWireTypes: [UInt8] = [0xFF, 1, 0, 2, 0xFF, 2, 2, 0, 5, 2, 2, 1, 2]

    /// The signal of the request in `bytes[start..<end]`; traces when it holds no item at all
    /// (then nothing is decoded but its resources) or the items fit several signals alike.
    static func classify(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> OTLPProtobufSignal {
        var candidates: (span: Bool, metric: Bool, log: Bool) = (true, true, true)
        var spanLike = true  // ids of span length in fields 1 and 2, for a span without times or kind
        var reader = ProtobufReader(bytes: bytes, start: start, end: end)
        forEachChild(&reader, field: 1) { resource in
            forEachChild(&resource, field: 2, also: 1000) { scope in
                forEachChild(&scope, field: 2) { item in
                    while let tag = try? item.nextTag() {
                        let number = Int(tag >> 3), wire = UInt8(tag & 7)
                        if number >= spanWireTypes.count || spanWireTypes[number] != wire { candidates.span = false }
                        if number >= metricWireTypes.count || metricWireTypes[number] != wire { candidates.metric = false }
                        if number >= logWireTypes.count || logWireTypes[number] != wire { candidates.log = false }
                        if wire == 2, let length = try? item.readLength() {
                            if (number == 1 && length != 16) || (number == 2 && length != 8) { spanLike = false }
                            item.position += length
                        } else if (try? item.skip(tag)) == nil {
                            return false
                        }
                    }
                    let left = [candidates.span, candidates.metric, candidates.log].filter { $0 }.count
                    return left > 1
                }
            }
        }
        switch (candidates.span, candidates.metric, candidates.log) {
        case (true, false, false): return .traces
        case (false, true, false): return .metrics
        case (false, false, true): return .logs
        case (true, true, _): return spanLike ? .traces : .metrics
        case (true, false, true): return .traces
        case (false, true, true): return .metrics
        case (false, false, false): return .traces
        }
    }

    /// Calls `body` with a reader over each length-delimited field `field` (or `also`) of the
    /// message in `reader`, while `body` returns true; stops quietly at malformed bytes (the
    /// decoder reports them).
    @discardableResult
    private static func forEachChild(
        _ reader: inout ProtobufReader, field: UInt32, also: UInt32 = 0,
        _ body: (inout ProtobufReader) -> Bool
    ) -> Bool {
        while let tag = try? reader.nextTag() {
            if tag == field << 3 | 2 || (also != 0 && tag == also << 3 | 2) {
                guard let length = try? reader.readLength() else { return false }
                var child = ProtobufReader(bytes: reader.bytes, start: reader.position, end: reader.position + length)
                reader.position += length
                if !body(&child) { return false }
            } else if (try? reader.skip(tag)) == nil {
                return false
            }
        }
        return true
    }
}
