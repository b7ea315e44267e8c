/// The OpenMetrics 1.0 rules that concern a sample within its family, beyond the line grammar:
/// where exemplars may stand, the values of info and stateset samples, that the samples of one
/// MetricPoint group are not interleaved with another's, and that a group's timestamps neither
/// go back in time nor come and go. Checked only for OpenMetrics input (a file with `# EOF`);
/// text 0.0.4 is read as leniently as Prometheus reads it.
///
/// Spec: OpenMetrics 1.0 "Exemplars" (only on counter `_total` and histogram/gaugehistogram
/// `_bucket` samples), "Info" (value 1), "StateSet" (a label named after the family, value 0
/// or 1), "MetricFamily" (MetricPoints of one label set together, timestamps increasing, all or
/// none with a timestamp). The suite's must-fail cases (`bad_exemplars_on_unallowed_*`,
/// `bad_stateset_info_values_*`, `bad_grouping_or_ordering_*`) are the tests.
struct OpenMetricsSampleRules {
    /// The family these samples belong to, and what was seen of it so far.
    private(set) var family = ""
    private var current: [String]? = nil
    private var finished: Set<[String]> = []
    /// Per label group: whether its samples carry timestamps, and the newest one.
    private var times: [[String]: (timed: Bool, newest: Int64?)] = [:]

    /// Starts checking a new family.
    mutating func reset(_ name: String) {
        self = OpenMetricsSampleRules()
        family = name
    }

    static func error(_ sample: PrometheusTextSample, _ message: String, column: Int = 1) -> PrometheusTextError {
        PrometheusTextError(line: sample.line, column: column, message: message)
    }

    /// Checks `sample`, which belongs to `family` (of OpenMetrics `type`, "" when untyped).
    mutating func check(_ sample: PrometheusTextSample, family: PrometheusTextFamily) throws(PrometheusTextError) {
        let type = family.type
        let suffix = sample.name.dropFirst(family.name.count)
        if sample.hasExemplar {
            let allowed =
                (type == "counter" && suffix == "_total") || ((type == "histogram" || type == "gaugehistogram") && suffix == "_bucket")
            if !allowed {
                throw Self.error(
                    sample,
                    "exemplar on '\(sample.name)'\(type.isEmpty ? "" : " (a \(type))"); OpenMetrics allows exemplars only on counter _total and histogram _bucket samples"
                )
            }
        }
        // A counter family named after its `_total` sample (`# TYPE x_total counter`, `x_total 1`)
        // is what Prometheus's own OpenMetrics test files write; it is accepted.
        let namedAfterTotal = type == "counter" && family.name.hasSuffix("_total")
        if suffix.isEmpty && !namedAfterTotal && ["counter", "info", "histogram", "gaugehistogram"].contains(type) {
            throw Self.error(
                sample, "sample '\(sample.name)' of the \(type) '\(family.name)' has no suffix; expected \(family.expectedSampleNames)")
        }
        switch type {
        case "info" where sample.value != 1:
            throw Self.error(
                sample, "info sample '\(sample.name)' is \(sample.valueText); an info value must be 1", column: sample.valueColumn)
        case "stateset":
            guard sample.label(family.name) != nil else {
                throw Self.error(sample, "stateset sample '\(sample.name)' has no label '\(family.name)' naming its state")
            }
            if sample.value != 0 && sample.value != 1 {
                throw Self.error(
                    sample, "stateset sample '\(sample.name)' is \(sample.valueText); a state is 0 or 1", column: sample.valueColumn)
            }
        default: break
        }
        try checkOrder(sample, type: type, isCreated: suffix == "_created")
    }

    /// The label values that identify the sample's MetricPoint group: every label but the one
    /// that tells its parts apart (`le`, `quantile`, a stateset's own label).
    static func groupKey(_ sample: PrometheusTextSample, type: String, family: String) -> [String] {
        let dropped: String? =
            switch type {
            case "histogram", "gaugehistogram": "le"
            case "summary": "quantile"
            case "stateset": family
            default: nil
            }
        var key: [String] = []
        for (name, value) in sample.labels.sorted(by: { $0.name < $1.name }) where name != dropped {
            key.append(name)
            key.append(value)
        }
        return key
    }

    private mutating func checkOrder(_ sample: PrometheusTextSample, type: String, isCreated: Bool) throws(PrometheusTextError) {
        let key = Self.groupKey(sample, type: type, family: family)
        if key != current {
            if finished.contains(key) {
                throw Self.error(
                    sample,
                    "sample '\(sample.name)'\(Self.labelText(key)) continues a label set of '\(family)' that other samples interrupted; OpenMetrics keeps the samples of one label set together"
                )
            }
            if let current { finished.insert(current) }
            current = key
        }
        // A `_created` sample may go without a timestamp beside timestamped ones: it states when
        // the series began, not a value at a time.
        if isCreated && sample.timestampNanos == nil { return }
        let timed = sample.timestampNanos != nil || sample.unrepresentableTimestamp != nil
        if let seen = times[key] {
            if seen.timed != timed {
                throw Self.error(
                    sample,
                    timed
                        ? "sample '\(sample.name)' has a timestamp but earlier samples of its label set have none; OpenMetrics needs all or none"
                        : "sample '\(sample.name)' has no timestamp but earlier samples of its label set have one; OpenMetrics needs all or none"
                )
            }
            if let newest = seen.newest, let t = sample.timestampNanos, t < newest {
                throw Self.error(
                    sample,
                    "sample '\(sample.name)' goes back in time (its timestamp is before the one of the sample before it); OpenMetrics timestamps must increase"
                )
            }
        }
        let newest = max(times[key]?.newest ?? Int64.min, sample.timestampNanos ?? Int64.min)
        times[key] = (timed, newest == Int64.min ? nil : newest)
    }

    static func labelText(_ key: [String]) -> String {
        guard !key.isEmpty else { return "" }
        var parts: [String] = []
        var i = 0
        while i + 1 < key.count {
            parts.append("\(key[i])=\"\(key[i + 1])\"")
            i += 2
        }
        return "{" + parts.joined(separator: ",") + "}"
    }
}
