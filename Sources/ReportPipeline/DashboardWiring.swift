import DashboardConfig
import TelemetryAnalysis
import TelemetryModel

/// The one place where the analysis is told how to build the dashboards: from the files'
/// telemetry with the built-in set or a `--dashboards` file, or, with Prometheus (live or
/// replayed from a `fetch` archive), as PromQL over the report's time range. `render` and
/// `fetch` both come through here, so a fetch asks Prometheus exactly what a render of its
/// archive will ask.
enum DashboardWiring {
    /// The `--dashboards` file read, or nil for the built-in set; a bad file fails with its
    /// located error before the (possibly long) read of the inputs.
    static func spec(at path: String?) throws(PipelineFailure) -> DashboardSpec? {
        guard let path else { return nil }
        do {
            return try DashboardSpec.load(path: path)
        } catch {
            throw PipelineFailure(.input, [], dashboardError: error)
        }
    }

    static func configure(
        _ options: inout SnapshotAnalysis.Options, spec: DashboardSpec?, sources: BackendSources?, service: String?,
        snapshot: Snapshot
    ) {
        options.dashboards = spec
        guard let sources, let prometheus = sources.prometheus else { return }
        // Prometheus computes the panels over the report's time range.
        options.prometheus = prometheus
        options.timeRange = sources.range
        if service == nil && snapshot.spans.isEmpty { options.focusService = sources.focusWithoutSpans(spec ?? .builtIn) }
    }
}
