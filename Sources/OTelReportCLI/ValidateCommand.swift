import ArgumentParser
import HTMLValidation
import Vocabulary

/// `otel-report validate FILE...`: the report rules of DESIGN §6 on any HTML files, checked
/// together so links between them resolve. Exit 0 when all pass, 1 otherwise.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract:
            "Check HTML files with libxml2 and the report rules (well-formed, unique ids, links resolve, nothing external, accessible SVG, no inline handlers, no template leftovers)."
    )

    @Argument(help: "HTML files to check.")
    var files: [String]

    @Flag(help: "Print nothing when all files pass.")
    var quiet = false

    func run() throws {
        let issues = HTMLValidator().validateFiles(paths: files)
        let printer = DiagnosticPrinter(quiet: quiet)
        for issue in issues { printer.print(issue.diagnostic) }
        if !issues.isEmpty {
            DiagnosticPrinter.writeErr("\(issues.count) problem(s) in \(Set(issues.map(\.file)).count) of \(files.count) file(s)\n")
            throw ExitCode(1)
        }
        if !quiet { DiagnosticPrinter.writeOut("\(files.count) file(s) valid (libxml2 \(HTMLValidator.libxml2Version))\n") }
    }
}
