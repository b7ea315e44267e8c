/// What a panel shows, in the terms findings and the overview ask for ("the focus service's
/// memory", "a service's latency"), so that they find their panels whatever a dashboard file
/// calls them: ids and titles are the file author's, the role follows the query.
///
/// The role of a panel is its `role:` key when the file gives one (`none` for no role), else it
/// is inferred from the query (`PanelDefinition.role`):
/// - `latency_percentiles` → `latency`; `error_rate` → `errorRate`; `request_rate` → `requestRate`;
/// - a metric panel with `transform: rate` and `unit: percent` → `cpu` (CPU seconds as a rate × 100);
/// - a metric panel with `transform: raw` and `unit: bytes` → `memory` (a byte gauge as sampled);
/// - a metric panel with `transform: raw` and `unit: percent` → `containerCPU` (a CPU% gauge);
/// - anything else has no role.
///
/// When several panels have a role, the first (in file order) is the one findings use.
public enum PanelRole: String, CaseIterable, Sendable, Equatable {
    /// A process's CPU% from its cumulative CPU-time counter (restarts date from its start times).
    case cpu
    /// A process's memory in bytes as sampled: the memory finding tests its trend.
    case memory
    /// A container's CPU% as the docker_stats receiver samples it.
    case containerCPU
    /// Latency percentiles of a service's spans (or its span-metrics histogram).
    case latency
    /// Error calls ÷ calls × 100 per service.
    case errorRate
    /// Calls per second per service.
    case requestRate
}
