import TelemetryModel
import Vocabulary

/// One input format: a cheap content sniffer and a decoder. Formats are tried in
/// `SnapshotLoader.formats` order (wrapped as `InputFormat`); the first whose sniffer says yes decodes the file
/// (DESIGN §3: detection is by content, never by file name). Jaeger, Zipkin, OpenSearch and
/// Prometheus decoders are added by conforming to this protocol and listing the type there.
public protocol TelemetryFormat: SendableMetatype {
    /// The name reported in `InputSummary.format` ("otlp-json").
    static var name: String { get }
    /// True when the bytes look like this format. Must be cheap: look at a prefix only.
    static func sniff(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool
    /// Decodes a whole file; any error makes the whole file unusable.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, file: String) -> FileDecodeResult
}

/// A registered format, as plain functions (so the registry is `Sendable` and needs no
/// existential metatypes).
public struct InputFormat: Sendable {
    public let name: String
    public let sniff: @Sendable (UnsafeBufferPointer<UInt8>) -> Bool
    public let decode: @Sendable (UnsafeBufferPointer<UInt8>, String) -> FileDecodeResult

    public init<F: TelemetryFormat>(_ format: F.Type) {
        name = F.name
        sniff = { F.sniff($0) }
        decode = { F.decode($0, file: $1) }
    }
}

/// What decoding one file gave: telemetry (in the file's own resource and scope tables) with
/// its warnings, or the errors that make it unusable. A failed file contributes nothing.
public enum FileDecodeResult: Sendable {
    case decoded(DecodedFile)
    case failed([Diagnostic])
}

/// The telemetry of one file, ready to merge into the run's snapshot.
public struct DecodedFile: Sendable {
    public var snapshot: Snapshot
    public var spanCount: Int
    public var metricPointCount: Int
    public var warnings: [Diagnostic]

    public init(snapshot: Snapshot, spanCount: Int, metricPointCount: Int, warnings: [Diagnostic] = []) {
        self.snapshot = snapshot
        self.spanCount = spanCount
        self.metricPointCount = metricPointCount
        self.warnings = warnings
    }
}

extension Diagnostic {
    /// A diagnostic for a JSON error: 1-based line and column from its offset, and the JSON
    /// path of the value it concerns, found by walking the document that starts at `documentStart`.
    public init(
        _ error: JSONError, in bytes: UnsafeBufferPointer<UInt8>, file: String,
        documentStart: Int = 0, severity: Severity = .error
    ) {
        let reader = JSONReader(bytes: bytes)
        let (line, column) = reader.location(of: error.offset)
        let path = JSONPathLocator.path(in: bytes, from: documentStart, to: error.offset)
        self.init(
            severity: severity, file: file, line: line, column: column,
            path: JSONPathComponent.render(path), message: error.message)
    }
}
