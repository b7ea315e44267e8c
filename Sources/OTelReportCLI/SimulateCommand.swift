import ArgumentParser
import ScenarioSimulator
import Vocabulary

/// `otel-report simulate recommendation-cache -o DIR`: writes the OpenTelemetry demo's
/// recommendation-cache leak as OTLP JSON Lines (DESIGN §8), seeded and deterministic.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write a deterministic telemetry snapshot of a known scenario (OTLP JSON Lines traces and metrics)."
    )

    enum Scenario: String, ExpressibleByArgument, CaseIterable {
        case recommendationCache = "recommendation-cache"
        case healthy
    }

    @Argument(
        help:
            "The scenario: recommendation-cache (the OpenTelemetry demo's cache memory leak) or healthy (the same demo with the cache flag off: nothing leaks)."
    )
    var scenario: Scenario

    @Option(name: [.short, .customLong("output")], help: "Folder to write traces.jsonl and metrics.jsonl into.")
    var output: String

    @Option(help: "Minutes of telemetry to simulate.")
    var minutes: Int = ScenarioOptions.defaultMinutes

    @Option(help: "Random seed: the same seed and options give byte-identical files.")
    var seed: UInt64 = 1

    @Option(help: "Multiply the request rate (e.g. 100 for a large benchmark snapshot).")
    var scale: Double = 1

    func validate() throws {
        if minutes < 1 || minutes > 7 * 24 * 60 { throw ValidationError("--minutes must be between 1 and 10080") }
        if !(scale > 0) || scale > 100_000 { throw ValidationError("--scale must be greater than 0 and at most 100000") }
    }

    func run() throws {
        do {
            let files = try RecommendationCacheScenario.write(
                to: output,
                options: ScenarioOptions(
                    minutes: minutes, seed: seed, scale: scale,
                    cacheFailure: scenario == .recommendationCache))
            DiagnosticPrinter.writeOut(
                "wrote \(files.traces) (\(files.spanCount) spans, \(files.traceCount) traces), \(files.metrics) (\(files.metricPointCount) metric points) and \(files.logs) (\(files.logRecordCount) log records)\n"
            )
        } catch {
            DiagnosticPrinter().error("\(error)")
            throw ExitCode(1)
        }
    }
}
