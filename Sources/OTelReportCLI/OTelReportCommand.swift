import ArgumentParser
import ReportPipeline
import Vocabulary

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

    /// What the process sets up before any command is parsed: the allocator's settings
    /// (`MemoryTuning`) and the helper threads, started and parked now so that the first split
    /// wakes them rather than making them (`CoreSplit.prepareHelpers`).
    public static func prepareProcess() {
        MemoryTuning.apply()
        CoreSplit.prepareHelpers()
    }
}
