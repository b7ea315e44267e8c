import TelemetryModel
import Vocabulary

/// OTLP protobuf files: OTLP/HTTP protobuf bodies (`ExportTraceServiceRequest`,
/// `ExportMetricsServiceRequest`, `ExportLogsServiceRequest`; `.binpb`, `.pb`), the collector
/// file exporter's `format: proto` (4-byte big-endian lengths) and varint-delimited messages
/// (DESIGN §9). Recognised by content (`OTLPProtobufFraming`), whatever the file's name.
///
/// Why a hand-written wire reader rather than swift-protobuf's generated messages: the reader
/// writes each span straight into the span table's columns, as the JSON reader does, where
/// generated code would first build a message object per span, attribute and value (and its
/// code generator plugin takes about ten minutes to build here). The README's input-formats
/// section gives the measured speed beside the JSON path.
public enum OTLPProtobufFormat: TelemetryFormat {
    public static let name = "otlp-protobuf"

    public static func sniff(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        OTLPProtobufFraming.layout(of: bytes) != nil
    }

    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, file: String) -> FileDecodeResult {
        guard let (framing, messages) = OTLPProtobufFraming.detect(bytes) else {
            return .failed([
                Diagnostic(
                    file: file, message: "not OTLP protobuf: no export request in a single message, 4-byte length or varint length framing")
            ])
        }
        // One core: splitting a framed file's messages between cores and merging the parts was
        // measured slower (the merge costs more than the decoding it shares out; README).
        var decoder = OTLPProtobufDecoder(reader: ProtobufReader(bytes: bytes))
        for (index, message) in messages.enumerated() {
            decoder.reader.position = message.lowerBound
            decoder.reader.end = message.upperBound
            do {
                try decoder.decodeRequest()
            } catch {
                return .failed([diagnostic(error, file: file, framing: framing, index: index, start: message.lowerBound)])
            }
        }
        // Log records are decoded (so a fault in one is reported) and counted, then left out
        // without a diagnostic, exactly as the JSON reader leaves `resourceLogs` out today, so
        // the same data gives the same report in either encoding. When the model holds logs
        // (the logs issue), `OTLPProtobufDecoder.accept(_:)` routes them in.
        return .decoded(
            DecodedFile(
                snapshot: decoder.builder.finish(), spanCount: decoder.spanCount,
                metricPointCount: decoder.pointCount))
    }

    /// The diagnostic for a fault in message `index` (starting at byte `start`): in a framed file
    /// the path begins with the message and the text says where it starts.
    static func diagnostic(_ error: ProtobufError, file: String, framing: OTLPProtobufFraming, index: Int, start: Int) -> Diagnostic {
        var located = error
        if framing != .single {
            located = error.inside("message", index: index)
            located.message += " (\(framing.name); message \(index) starts at byte \(start))"
        }
        return Diagnostic(file: file, path: located.path, message: located.message)
    }
}
