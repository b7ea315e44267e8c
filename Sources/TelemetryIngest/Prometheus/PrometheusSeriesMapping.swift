import TelemetryModel

/// How a Prometheus label set maps onto the OTLP-shaped model, shared by every Prometheus input.
///
/// - `job` and `instance` become the series' `Resource`: `service.name` = `job` and
///   `service.instance.id` = `instance`. This is the inverse of what the OpenTelemetry
///   Prometheus exporters do (OTel spec "Prometheus and OpenMetrics Compatibility": resource
///   `service.name` is written to the `job` label, `service.instance.id` to `instance`), and what
///   the collector's Prometheus receiver does. The two labels are then not kept as point
///   attributes, so a series reads the same whether it came from OTLP or from Prometheus.
/// - `__name__` is the series name; every other label is a string point attribute, sorted by key.
/// - Without type metadata (API JSON, series dumps, text without `# TYPE`) the kind is guessed
///   from the name, following Prometheus naming conventions (prometheus.io "Metric and label
///   naming"; OpenMetrics counter/histogram/summary suffixes): `_total`, `_count`, `_sum` and
///   `_bucket` series are cumulative monotonic sums, so that `rate()` applies to them; everything
///   else is a gauge. `_bucket` series keep `le` as a label (no histogram is assembled from raw
///   series).
enum PrometheusSeriesMapping {
    /// Name suffixes that mark a counter when no `# TYPE` says otherwise.
    static let counterSuffixes = ["_total", "_count", "_sum", "_bucket"]

    /// The kind of a series known only by name.
    static func guessedKind(forName name: String) -> MetricKind {
        counterSuffixes.contains { name.hasSuffix($0) } ? .sum(monotonic: true, temporality: .cumulative) : .gauge
    }

    /// The resource (from `job`/`instance`) and the sorted point attributes of a label set;
    /// `__name__` and the labels in `dropping` are left out.
    static func split(_ labels: [(name: String, value: String)], dropping: Set<String> = []) -> (Resource, [Attribute]) {
        var resource: [Attribute] = []
        var attributes: [Attribute] = []
        for (name, value) in labels {
            switch name {
            case "__name__": continue
            case "job": resource.append(Attribute(key: "service.name", value: .string(value)))
            case "instance": resource.append(Attribute(key: "service.instance.id", value: .string(value)))
            default:
                if !dropping.contains(name) { attributes.append(Attribute(key: name, value: .string(value))) }
            }
        }
        resource.sort { $0.key < $1.key }
        attributes.sort { $0.key < $1.key }
        return (Resource(attributes: resource), attributes)
    }
}
