import ReportPipeline
import Vocabulary

extension PipelineObserver {
    /// Prints each input problem and warning as the pipeline finds it (`--quiet` keeps only
    /// errors), and hands the end of each phase to `phaseEnded` (`--timings`).
    static func printing(to printer: DiagnosticPrinter, phaseEnded: @escaping (String) -> Void = { _ in }) -> PipelineObserver {
        PipelineObserver(
            diagnostic: { printer.print($0) }, warning: { printer.print(.warning, $0) }, phaseEnded: phaseEnded)
    }
}
