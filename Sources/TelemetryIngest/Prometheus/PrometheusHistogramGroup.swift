import TelemetryModel

/// The samples of one classic-histogram MetricPoint (one label set without `le`, one
/// timestamp): `_bucket`s with cumulative values, `_count`/`_gcount`, `_sum`/`_gsum`, `_created`.
struct PrometheusHistogramGroup {
    var first: PrometheusTextSample
    var last: PrometheusTextSample
    var buckets: [(le: Double, sample: PrometheusTextSample)] = []
    var count: PrometheusTextSample?
    var sum: PrometheusTextSample?
    var start: Int64 = 0

    init(first: PrometheusTextSample) {
        self.first = first
        self.last = first
    }

    private func error(_ sample: PrometheusTextSample, _ message: String, column: Int = 1) -> PrometheusTextError {
        PrometheusTextError(line: sample.line, column: column, message: message)
    }

    private var labelText: String {
        let shown = first.labels.filter { $0.name != "le" }
        return shown.isEmpty ? "" : "{" + shown.map { "\($0.name)=\"\($0.value)\"" }.joined(separator: ",") + "}"
    }

    /// The OpenMetrics 1.0 "Histogram"/"GaugeHistogram" MUST rules, in the order the reference
    /// parser (client_python `_check_histogram`) checks them.
    func validate(family: String, gauge: Bool) throws(PrometheusTextError) {
        var previous: (le: Double, sample: PrometheusTextSample)?
        for bucket in buckets {
            if let p = previous {
                if bucket.le <= p.le {
                    throw error(
                        bucket.sample,
                        "bucket le=\"\(bucket.sample.label("le") ?? "")\" comes after le=\"\(p.sample.label("le") ?? "")\"; buckets must be in increasing order of le"
                    )
                }
                if bucket.sample.value < p.sample.value {
                    throw error(
                        bucket.sample,
                        "bucket le=\"\(bucket.sample.label("le") ?? "")\" has \(bucket.sample.valueText), less than the \(p.sample.valueText) of the bucket before it; bucket values are cumulative",
                        column: bucket.sample.valueColumn)
                }
            }
            previous = bucket
        }
        let countName = gauge ? "_gcount" : "_count"
        let sumName = gauge ? "_gsum" : "_sum"
        guard let top = buckets.last, top.le == .infinity else {
            throw error(last, "histogram \(family)\(labelText) has no le=\"+Inf\" bucket; every histogram point must end with one")
        }
        if let written = top.sample.label("le"), written != "+Inf" {
            throw error(top.sample, "bucket le=\"\(written)\" must be written le=\"+Inf\" (the reference parsers look for that exact text)")
        }
        if let count, count.value != top.sample.value {
            throw error(
                count, "\(family)\(countName) is \(count.valueText) but the +Inf bucket is \(top.sample.valueText); they must be equal",
                column: count.valueColumn)
        }
        if let sum, count == nil {
            throw error(sum, "\(family)\(sumName) without \(family)\(countName); they must come together")
        }
        if let count, sum == nil {
            throw error(count, "\(family)\(countName) without \(family)\(sumName); they must come together")
        }
        let negativeBuckets = buckets.contains { $0.le < 0 }
        if !gauge, negativeBuckets, let sum {
            throw error(
                sum,
                "histogram \(family)\(labelText) has buckets with negative thresholds and a _sum; OpenMetrics 1.0 forbids the sum then, as it is no longer a counter"
            )
        }
        if gauge, !negativeBuckets, let sum, sum.value < 0 {
            throw error(sum, "\(family)_gsum is negative but no bucket threshold is", column: sum.valueColumn)
        }
    }

    /// The point: finite `le`s sorted as explicit bounds, cumulative values differenced into
    /// per-bucket counts, the last bucket up to +Inf. Gaps are repaired with a warning (text
    /// 0.0.4 only; OpenMetrics input was validated first).
    func point(time: Int64, warnings: inout [PrometheusTextError]) -> HistogramPoint {
        let sorted = buckets.sorted { $0.le < $1.le }
        let finite = sorted.filter { $0.le.isFinite }
        var total: Double
        if let top = sorted.last, top.le == .infinity {
            total = top.sample.value
        } else {
            total = count?.value ?? finite.last?.sample.value ?? 0
            if !buckets.isEmpty {
                warnings.append(
                    error(
                        last,
                        "histogram \(first.name)\(labelText) has no le=\"+Inf\" bucket; using \(count == nil ? "its last bucket" : "its _count") as the total"
                    ))
            }
        }
        var counts: [UInt64] = []
        var previous = 0.0
        var repaired = false
        var overflowed = false
        for value in finite.map(\.sample.value) + [total] {
            var delta = value - previous
            if !(delta >= 0) {
                delta = 0
                repaired = true
            }
            let (bucket, clamped) = PrometheusNumber.saturatingCount(delta)
            if clamped { overflowed = true }
            counts.append(bucket)
            previous = max(previous, value.isNaN ? previous : value)
        }
        if repaired {
            warnings.append(
                error(last, "histogram \(first.name)\(labelText) has bucket values that decrease; the decreases were counted as 0"))
        }
        let countValue = count?.value ?? total
        let (pointCount, countClamped) = PrometheusNumber.saturatingCount(countValue)
        if overflowed || countClamped {
            warnings.append(error(last, "histogram \(first.name)\(labelText) has counts beyond 2^64; they were read as \(UInt64.max)"))
        }
        return HistogramPoint(
            startTimeUnixNano: start, timeUnixNano: time,
            count: pointCount,
            sum: sum?.value, explicitBounds: finite.map(\.le), bucketCounts: counts)
    }
}
