import ArgumentParser
import ReportPipeline
import Vocabulary

/// `otel-report inspect INPUT...`: what was found — formats, counts, services, time range —
/// without rendering anything. `--json` prints the same as JSON.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show what the inputs hold: formats, span and metric counts, services, time range."
    )

    @Argument(help: "Telemetry files or folders, or a folder written by `otel-report fetch`.")
    var inputs: [String] = []

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var timeRange: TimeRangeOptions

    @OptionGroup(title: "Backends")
    var backend: BackendOptions

    func validate() throws {
        if inputs.isEmpty && !backend.settings.isUsed {
            throw ValidationError("Give telemetry files or folders, a fetch archive, --prometheus URL or --opensearch URL")
        }
        do { try RenderRequest.checkTimes([("--from", timeRange.from), ("--to", timeRange.to)]) } catch { throw error.validationError }
    }

    func run() throws {
        let printer = DiagnosticPrinter()
        let inventory: Inventory
        do {
            inventory = try Inventory.take(
                inputs: inputs, backend: backend.settings, from: timeRange.from, to: timeRange.to, observer: .printing(to: printer))
        } catch {
            throw error.report(to: printer)
        }
        DiagnosticPrinter.writeOut(json ? inventory.json : DiagnosticPrinter.terminalSafe(inventory.text))
        if inventory.isEmpty {
            // A file that was read cleanly but holds no spans or points (only logs, only
            // metadata) is an answer, not a failure; say so. Exit 1 when no file could be read.
            if inventory.usableFileCount == 0 {
                DiagnosticPrinter().error(
                    "no usable telemetry: \(inventory.inputErrorCount) file(s) failed and none held spans, metric points or log records")
                throw ExitCode(1)
            }
            DiagnosticPrinter().print(
                .note,
                "\(inventory.usableFileCount) file(s) were read but hold no spans, metric points or log records (see the notes above for what they hold)"
            )
        }
    }
}
