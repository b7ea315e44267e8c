import ArgumentParser
import ReportPipeline
import Vocabulary

extension PipelineFailure {
    /// Prints the failure (a dashboard file's located error as it is, every other line as
    /// `error: …`) and returns the exit code for the command to throw.
    func report(to printer: DiagnosticPrinter) -> ExitCode {
        if let dashboardError { printer.print(dashboardError.diagnostic) }
        for diagnostic in located { printer.print(diagnostic) }
        for message in messages { printer.error(message) }
        return ExitCode(exitStatus)
    }

    /// The first message as the error ArgumentParser prints with the usage (exit 64), for a
    /// command's `validate()`.
    var validationError: ValidationError { ValidationError(messages.joined(separator: "\n")) }
}
