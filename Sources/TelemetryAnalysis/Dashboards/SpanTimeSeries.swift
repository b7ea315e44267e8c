import TelemetryModel

/// Latency, error-rate and request-rate series derived from spans (DESIGN §4): each span is
/// counted once, in the step (T − step, T] that contains its end time.
public enum SpanTimeSeries {
    /// Per-service nearest-rank percentiles of the durations of spans ending in each step, in ms.
    public static func latency(_ snapshot: Snapshot, grid: TimeGrid, services: [String], percentiles: [Percentile] = Percentile.allCases)
        -> [TimeSeries]
    {
        var cells = StepDurations(snapshot, grid: grid, services: services)
        var result: [TimeSeries] = []
        for service in services {
            // Each step's percentiles selected at once (`RadixSort.percentiles`), not sorted.
            let selected = (0..<grid.count).map { cells.percentiles(of: service, step: $0, percentiles) }
            for (k, p) in percentiles.enumerated() {
                let points = zip(grid.times, selected).map { t, values in
                    (time: t, value: values.isEmpty ? nil : LatencySummary.milliseconds(values[k]))
                }
                result.append(TimeSeries(name: "\(service) \(p.label)", labels: ["service": service, "quantile": p.key], points: points))
            }
        }
        return result
    }

    /// Per-service error spans ÷ spans in each step, as a percentage; nil in steps with no spans.
    public static func errorRate(_ snapshot: Snapshot, grid: TimeGrid, services: [String]) -> [TimeSeries] {
        errorRate(counts(snapshot, grid: grid), grid: grid, services: services)
    }

    /// `errorRate` from the counts `counts` made (`EvaluationCache` makes them once for both rates).
    static func errorRate(_ counts: Counts, grid: TimeGrid, services: [String]) -> [TimeSeries] {
        let (calls, errors) = counts
        let times = grid.times
        return services.map { service in
            let c = calls[service] ?? [], e = errors[service] ?? []
            let points = times.indices.map { i -> (time: Int64, value: Double?) in
                let n = c.isEmpty ? 0 : c[i]
                return (times[i], n == 0 ? nil : Double(e.isEmpty ? 0 : e[i]) / Double(n) * 100)
            }
            return TimeSeries(name: service, labels: ["service": service], points: points)
        }
    }

    /// Per-service spans per second in each step (count ÷ step), zero where a step had none.
    public static func requestRate(_ snapshot: Snapshot, grid: TimeGrid, services: [String]) -> [TimeSeries] {
        requestRate(counts(snapshot, grid: grid), grid: grid, services: services)
    }

    /// `requestRate` from the counts `counts` made.
    static func requestRate(_ counts: Counts, grid: TimeGrid, services: [String]) -> [TimeSeries] {
        let (calls, _) = counts
        let times = grid.times
        return services.map { service in
            let c = calls[service] ?? Array(repeating: 0, count: grid.count)
            let points = times.indices.map { i in (time: times[i], value: Optional(Double(c[i]) / Double(grid.stepSeconds))) }
            return TimeSeries(name: service, labels: ["service": service], points: points)
        }
    }

    /// Spans and error spans by service, in each step of the grid.
    typealias Counts = (calls: [String: [Int]], errors: [String: [Int]])

    static func counts(_ snapshot: Snapshot, grid: TimeGrid) -> Counts {
        let index = ServiceIndex(snapshot)
        let steps = grid.count
        // One flat table of calls and one of errors, a row of `steps` counts for each service
        // with a span in the grid (`rowOf`, -1 before): a nested array of optional arrays was
        // checked for uniqueness twice and unwrapped for every span.
        var rowOf = [Int](repeating: -1, count: index.count)
        var callCells: [Int] = [], errorCells: [Int] = []
        let spans = snapshot.spans
        for k in spans.indices {
            let service = index.id(ofResource: spans.resourceIndexes[k])
            guard let i = grid.index(forEndNanos: spans.endTime(at: k)) else { continue }
            var row = rowOf[service]
            if row < 0 {
                row = callCells.count / steps
                rowOf[service] = row
                callCells.append(contentsOf: repeatElement(0, count: steps))
                errorCells.append(contentsOf: repeatElement(0, count: steps))
            }
            callCells[row * steps + i] += 1
            if spans.statuses[k] == .error { errorCells[row * steps + i] += 1 }
        }
        var calls = [[Int]?](repeating: nil, count: index.count), errors = [[Int]](repeating: [], count: index.count)
        for (service, row) in rowOf.enumerated() where row >= 0 {
            calls[service] = Array(callCells[row * steps..<(row + 1) * steps])
            errors[service] = Array(errorCells[row * steps..<(row + 1) * steps])
        }
        var callsByName: [String: [Int]] = [:], errorsByName: [String: [Int]] = [:]
        for (id, c) in calls.enumerated() {
            if let c {
                callsByName[index.names[id]] = c
                errorsByName[index.names[id]] = errors[id]
            }
        }
        return (callsByName, errorsByName)
    }
}
