import Foundation
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// Everything a render is asked to do, as a value: the inputs, the output and every option of
/// `otel-report render`, unparsed as the person gave them (times and `--where` as text), so the
/// command line and a test build the same request and get the same report.
public struct RenderRequest: Sendable {
    /// Telemetry files or folders, or one folder written by `otel-report fetch`.
    public var inputs: [String]
    /// A folder (a site), or a path ending in `.html` (one self-contained file).
    public var output: String
    public var backend = BackendSettings()
    public var title = "Telemetry report"
    /// The focus service of the resource dashboard; nil picks the one with the worst tail.
    public var service: String?
    /// Waterfall pages for the N slowest traces.
    public var top = 50
    /// Trace ids (hex) that get a waterfall page as well.
    public var traces: [String] = []
    /// The `--where` expression: only traces with a matching span are kept.
    public var whereExpression: String?
    public var compare: [String] = []
    /// Attribute key globs whose values are replaced by a keyed hash.
    public var redact: [String] = []
    public var redactDefaults = false
    /// The key of the redaction hash; nil for the fixed default salt.
    public var redactSalt: String?
    /// `--from`/`--to`: RFC 3339 or relative to the snapshot's end (`-15m`).
    public var from: String?
    public var to: String?
    /// The baseline window of the after-against-before comparison; both or neither.
    public var baselineFrom: String?
    public var baselineTo: String?
    /// A dashboard file (YAML) replacing the built-in dashboards.
    public var dashboards: String?
    /// The report's timestamp (RFC 3339); nil for now.
    public var generatedAt: String?
    /// Also write `report.json` here; "-" returns it in the result for standard output.
    public var json: String?
    /// A folder whose page template, stylesheet or scripts replace the built-in ones.
    public var templates: String?
    /// Fail when any input file has an error, instead of skipping it.
    public var strict = false
    /// Whether an earlier report replaced in the output folder is removed by a child process
    /// after the render returns (the command line, whose process ends then) instead of before.
    public var detachedRemoval = false

    public init(inputs: [String], output: String) {
        self.inputs = inputs
        self.output = output
    }

    /// Whether the output is one self-contained file rather than a folder.
    public var isSingleFile: Bool { output.lowercased().hasSuffix(".html") }

    /// Checks the request before anything is read: the same checks, in the same order and with
    /// the same messages, as `render` makes when parsing its flags (a usage failure, exit 64).
    public func check() throws(PipelineFailure) {
        if inputs.isEmpty && !backend.isUsed {
            throw .usage("Give telemetry files or folders, a fetch archive, --prometheus URL or --opensearch URL")
        }
        if top < 0 { throw .usage("--top must be 0 or more") }
        for t in traces where TraceID(hex: t.lowercased()) == nil || t.count > 32 {
            throw .usage("--trace '\(t)' is not a trace id: expected up to 32 hex digits")
        }
        if let w = whereExpression {
            do {
                _ = try SpanFilter(parsing: w)
            } catch {
                throw .usage("--where '\(w)': \(error)")
            }
        }
        if let g = generatedAt, UTCTime.parseRFC3339(g) == nil {
            throw .usage("--generated-at '\(g)' is not an RFC 3339 time such as 2026-01-15T10:00:00Z")
        }
        if (baselineFrom == nil) != (baselineTo == nil) {
            throw .usage("--baseline-from and --baseline-to go together: give both, or neither for the first third against the last")
        }
        try Self.checkTimes([("--from", from), ("--to", to), ("--baseline-from", baselineFrom), ("--baseline-to", baselineTo)])
        // An empty path would name the current folder.
        if output.isEmpty { throw .usage("--output is empty: give a folder, or a path ending in .html for one file") }
        let outURL = URL(fileURLWithPath: output).standardizedFileURL.path
        for input in inputs {
            let inURL = URL(fileURLWithPath: input).standardizedFileURL.path
            if outURL == inURL || outURL.hasPrefix(inURL + "/") {
                throw .usage("Output '\(output)' is inside the input folder '\(input)'")
            }
        }
    }

    /// Each (flag, value) given must be an RFC 3339 time or a relative one; shared by every
    /// command that takes a time range.
    public static func checkTimes(_ bounds: [(String, String?)]) throws(PipelineFailure) {
        for (name, value) in bounds {
            if let v = value, TimeBound(v) == nil {
                throw .usage("\(name) '\(v)' is neither an RFC 3339 time nor a relative time such as -15m")
            }
        }
    }
}
