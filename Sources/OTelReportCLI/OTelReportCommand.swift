import ArgumentParser

/// The root command: `otel-report render|inspect|validate|simulate`.
public struct OTelReportCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "otel-report",
        abstract: "Turn OpenTelemetry snapshots into self-contained static HTML reports.",
        subcommands: []
    )

    public init() {}
}
