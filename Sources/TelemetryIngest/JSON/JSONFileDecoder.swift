import TelemetryModel
import Vocabulary

/// A decoder of one of the JSON formats (OTLP JSON, Jaeger, Zipkin, OpenSearch), as its
/// `TelemetryFormat` runs it: all of a file's top-level values into one builder, with the
/// problems that do not make the file unusable kept as warnings and notes.
protocol JSONFileDecoder {
    init(reader: JSONReader)
    /// Decodes every top-level value of the reader's bytes.
    mutating func decodeAll() throws(JSONError)
    var builder: SnapshotBuilder { get set }
    /// Where the top-level value being decoded starts, to locate an error's path from.
    var documentStart: Int { get }
    /// Problems that do not make the file unusable, with the start of their top-level value.
    var warnings: [(error: JSONError, documentStart: Int)] { get }
    /// Notes for the whole file, after the warnings.
    var notes: [String] { get }
    var spanCount: Int { get }
    var pointCount: Int { get }
}

extension JSONFileDecoder {
    var notes: [String] { [] }
    var pointCount: Int { 0 }

    /// Decodes `bytes` (after a UTF-8 byte order mark, if any): a fatal error becomes the one
    /// diagnostic of a failed file, which `explain` may reword for the format; otherwise the
    /// snapshot with the warnings and notes.
    static func decodeFile(
        _ bytes: UnsafeBufferPointer<UInt8>, file: String, explain: (JSONError, inout Diagnostic) -> Void = { _, _ in }
    ) -> FileDecodeResult {
        var decoder = Self(reader: JSONReader(bytes: bytes, start: OTLPJSONFormat.bomLength(bytes)))
        do {
            try decoder.decodeAll()
        } catch {
            var diagnostic = Diagnostic(error, in: bytes, file: file, documentStart: decoder.documentStart)
            explain(error, &diagnostic)
            return .failed([diagnostic])
        }
        var diagnostics = decoder.warnings.map {
            Diagnostic($0.error, in: bytes, file: file, documentStart: $0.documentStart, severity: .warning)
        }
        diagnostics += decoder.notes.map { Diagnostic(severity: .note, file: file, message: $0) }
        // Moved out, so that the decoder holds no second reference to the columns `finish` sorts.
        var builder = SnapshotBuilder()
        swap(&builder, &decoder.builder)
        return .decoded(
            DecodedFile(
                snapshot: builder.finish(), spanCount: decoder.spanCount,
                metricPointCount: decoder.pointCount, warnings: diagnostics))
    }
}
