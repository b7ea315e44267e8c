import ArgumentParser
import DashboardConfig
import Vocabulary

/// `otel-report dashboards`: prints the built-in dashboard file, so a user of an installed
/// binary can copy it, add panels and pass the copy to `render --dashboards`.
struct DashboardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboards",
        abstract: "Print the built-in dashboards as a dashboard file (YAML), to copy and extend for render --dashboards."
    )

    @Option(
        help:
            "Check this dashboard file instead of printing the built-in one: exit 0 when it is valid, 1 with the line of the first problem otherwise."
    )
    var check: String?

    func run() throws {
        if let check {
            do {
                let spec = try DashboardSpec.load(path: check)
                DiagnosticPrinter.writeOut(
                    "\(check): \(spec.dashboards.count) dashboard(s), \(spec.dashboards.reduce(0) { $0 + $1.panels.count }) panel(s), valid\n"
                )
            } catch {
                DiagnosticPrinter().print(error.diagnostic)
                throw ExitCode(1)
            }
            return
        }
        DiagnosticPrinter.writeOut(DashboardSpec.builtInText)
    }
}
