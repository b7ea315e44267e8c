import ArgumentParser
import ReportPipeline

/// The root command: `otel-report render|inspect|validate|simulate`.
public struct OTelReportCommand: AsyncParsableCommand {
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
