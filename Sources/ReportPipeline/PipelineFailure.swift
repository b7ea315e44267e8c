import DashboardConfig
import TelemetryModel
import Vocabulary

/// Why a run stopped, as a value: what to print, and which exit status it stands for. Nothing
/// has been written when a run fails (the report is swapped into place only at the very end).
public struct PipelineFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A request that cannot be run as given (a bad flag value or combination): exit 64.
        case usage
        /// The inputs, the backends, the files given with `--templates` or the output: exit 1.
        case input
        /// A page made with the built-in templates failed validation or could not be rendered:
        /// a bug in otel-report, exit 2.
        case bug
    }

    public var kind: Kind
    /// The error lines, in the order they are printed (each shown as `error: …`).
    public var messages: [String]
    /// A problem in a dashboard file, with its file, line, column and field path (printed as it
    /// is, already in `file:line:col: error:` form).
    public var dashboardError: DashboardSpecError?
    /// The input problems found before the run stopped (each with file, line, column or JSON
    /// path), also reported one by one to the observer as they were found.
    public var diagnostics: [Diagnostic] = []
    /// Problems of the run itself that have a place (a page's validation issues, a template's
    /// line), printed as they are — `file:line:col: error: …` — before the messages.
    public var located: [Diagnostic] = []

    public init(_ kind: Kind, _ messages: [String], dashboardError: DashboardSpecError? = nil) {
        self.kind = kind
        self.messages = messages
        self.dashboardError = dashboardError
    }

    static func input(_ message: String) -> PipelineFailure { PipelineFailure(.input, [message]) }
    static func usage(_ message: String) -> PipelineFailure { PipelineFailure(.usage, [message]) }

    /// The command's exit status: 64 for usage, 1 for input, 2 for a bug.
    public var exitStatus: Int32 {
        switch kind {
        case .usage: return 64
        case .input: return 1
        case .bug: return 2
        }
    }

    public var description: String {
        ((dashboardError.map { [$0.description] } ?? []) + located.map(\.description) + messages.map { "error: " + $0 })
            .joined(separator: "\n")
    }
}
