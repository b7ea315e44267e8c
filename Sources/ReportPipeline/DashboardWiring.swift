import DashboardConfig
import TelemetryAnalysis
import TelemetryModel

/// The one place where the analysis is told how to build the dashboards: from the files'
/// telemetry with the built-in set or a `--dashboards` file, or, with Prometheus (live or
/// replayed from a `fetch` archive), as PromQL over the report's time range. `render` and
/// `fetch` both come through here, so a fetch asks Prometheus exactly what a render of its
/// archive will ask.
enum DashboardWiring {
    static func configure(
        _ options: inout SnapshotAnalysis.Options, spec: DashboardSpec?, sources: BackendSources?, service: String?,
        snapshot: Snapshot
    ) {
        options.dashboards = spec
        sources?.configure(&options, dashboards: spec, service: service, snapshot: snapshot)
    }
}
