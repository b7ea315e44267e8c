import TelemetryModel
import Vocabulary

/// What a render wrote and found: the counts the command line prints in its last line, the
/// input problems and warnings (also reported to the observer as they came), and `report.json`
/// when it was asked for on standard output.
public struct RenderResult: Sendable {
    /// The page to open: the single file, or the site's `index.html`.
    public var entryPage: String
    /// The files written, as paths relative to the output folder (the single file: its name).
    public var files: [String]
    public var spanCount: Int
    public var traceCount: Int
    public var serviceCount: Int
    /// Input problems, in the order they were found (errors skipped a file; warnings and notes
    /// did not).
    public var diagnostics: [Diagnostic]
    public var warnings: [String]
    /// `report.json` when the request's `json` was "-", for the caller to print.
    public var reportJSON: String?

    /// Inputs that had an error and were skipped.
    public var inputErrorCount: Int { diagnostics.filter { $0.severity == .error }.count }
}
