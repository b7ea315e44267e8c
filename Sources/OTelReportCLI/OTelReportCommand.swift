import ArgumentParser
import ReportPipeline

/// The root command: `otel-report render|inspect|validate|simulate`.
///
/// Every command runs synchronously, on the main thread: an `async` `run` (as `render`'s was,
/// awaiting nothing) hopped from the main thread to a Dispatch worker started for it, and the
/// render's work waited for that thread to be created and scheduled (issue 7).
public struct OTelReportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "otel-report",
        abstract: "Turn OpenTelemetry snapshots (traces and metrics saved to files) into self-contained static HTML reports.",
        version: ToolVersion.current,
        subcommands: [
            RenderCommand.self, InspectCommand.self, ValidateCommand.self, SimulateCommand.self, DashboardsCommand.self, FetchCommand.self,
        ]
    )

    public init() {}
}
