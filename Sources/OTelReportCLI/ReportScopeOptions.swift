import ArgumentParser

/// `--service` and `--dashboards`, shared by `render` and `fetch`: a fetch must be given the
/// same values as the render of its archive, so they are one declaration.
struct ReportScopeOptions: ParsableArguments {
    @Option(help: "The service the resource dashboard focuses on (default: the one whose own work has the worst latency tail).")
    var service: String?

    @Option(
        help: ArgumentHelp(
            "Dashboards from this YAML file instead of the built-in ones (dashboards/default.yaml is the built-in set, to copy and extend).",
            valueName: "file"))
    var dashboards: String?
}
