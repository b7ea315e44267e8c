import TelemetryModel

/// `ResourceMetrics` → `ScopeMetrics` → `Metric` → data points (opentelemetry-proto
/// `metrics/v1/metrics.proto`). Each data point becomes a one-point series; the builder merges
/// points of the same name, kind, resource and attributes. Empty metrics (`{}`, no data) add nothing.
extension OTLPJSONDecoder {
    mutating func decodeResourceMetrics() throws(JSONError) {
        var series: [MetricSeries] = []
        let resource = try decodeResourceObject(Self.resourceMetricsMembers) { d throws(JSONError) in
            try d.decodeScopeMetrics(into: &series)
        }
        pointCount += builder.add(series, resourceIndex: intern(resource))
    }

    static let resourceMetricsMembers = resourceMembers(scopes: "scopeMetrics", legacyScopes: "instrumentationLibraryMetrics")

    mutating func decodeScopeMetrics(into series: inout [MetricSeries]) throws(JSONError) {
        try forEachField { d, field throws(JSONError) in
            if field == "metrics" {
                try d.forEachElement { d throws(JSONError) in try d.decodeMetric(into: &series) }
            } else {
                // scope / instrumentationLibrary: series carry no scope in the model.
                try d.reader.skipValue()
            }
        }
    }

    mutating func decodeMetric(into series: inout [MetricSeries]) throws(JSONError) {
        var name = "", unit = "", description = ""
        var pending: [PendingMetricPoint] = []
        var sawKind = false
        var unknown: (key: String, offset: Int)? = nil
        try reader.beginObject()
        while let key = try reader.nextKey() {
            let keyOffset = reader.keyOffset
            if reader.skipNull() { continue }
            let field = Self.fieldName(key)
            if Self.metricKindFields.contains(field) { sawKind = true }
            switch field {
            case "name": name = try readString()
            case "unit": unit = try readString()
            case "description": description = try readString()
            // The int*/double* kinds are the OTLP 0.x messages (collector ≤ 0.1x) that later
            // became the one NumberDataPoint/HistogramDataPoint; they read the same way, with
            // `value` for as_int/as_double and `labels` (string pairs) for attributes.
            case "gauge", "intGauge", "doubleGauge": try decodeMetricData(.gauge, into: &pending)
            case "sum", "intSum", "doubleSum": try decodeMetricData(.sum(monotonic: false, temporality: .unspecified), into: &pending)
            case "histogram", "intHistogram", "doubleHistogram": try decodeMetricData(.histogram(temporality: .unspecified), into: &pending)
            case "exponentialHistogram": try decodeMetricData(.exponentialHistogram(temporality: .unspecified), into: &pending)
            case "summary", "doubleSummary": try decodeMetricData(.summary, into: &pending)
            default:
                if unknown == nil && field != "metadata" { unknown = (key, keyOffset) }
                try reader.skipValue()
            }
        }
        if !sawKind, let unknown {
            // Say so rather than give no points silently (an OTLP 0.4 `int64DataPoints`, a typo).
            warnings.append(
                (
                    JSONError(
                        offset: unknown.offset,
                        message:
                            "metric \"\(name)\" has no data of a known kind (gauge, sum, histogram, exponentialHistogram, summary, or the OTLP 0.x intGauge, doubleSum…); found \"\(unknown.key)\"; no points read"
                    ), documentStart
                ))
        }
        series += pending.map { $0.series(name: name, unit: unit, description: description) }
    }

    /// The metric fields that hold data (current and OTLP 0.x names).
    static let metricKindFields: Set<String> = [
        "gauge", "intGauge", "doubleGauge", "sum", "intSum", "doubleSum", "histogram",
        "intHistogram", "doubleHistogram", "exponentialHistogram", "summary", "doubleSummary",
    ]

    /// `Gauge`, `Sum`, `Histogram`, `ExponentialHistogram` or `Summary`: data points plus, for
    /// some, temporality and monotonicity, which may come after the points.
    mutating func decodeMetricData(_ base: MetricKind, into pending: inout [PendingMetricPoint]) throws(JSONError) {
        var temporality = AggregationTemporality.unspecified
        var monotonic = false
        let first = pending.count
        try forEachField { d, field throws(JSONError) in
            switch field {
            case "aggregationTemporality":
                let t = try d.readEnum(
                    prefix: "AGGREGATION_TEMPORALITY_", names: Self.temporalityNames,
                    what: "an aggregation temporality (0–2 or AGGREGATION_TEMPORALITY_…)")
                temporality = AggregationTemporality(rawValue: UInt8(t)) ?? .unspecified
            case "isMonotonic":
                monotonic = try d.readBool()
            case "dataPoints":
                try d.forEachElement { d throws(JSONError) in
                    switch base {
                    case .gauge, .sum: pending.append(try d.decodeNumberPoint(base))
                    case .histogram: pending.append(try d.decodeHistogramPoint(base))
                    case .exponentialHistogram: pending.append(try d.decodeExponentialPoint(base))
                    case .summary: pending.append(try d.decodeSummaryPoint(base))
                    }
                }
            default:
                try d.reader.skipValue()
            }
        }
        let kind = PendingMetricPoint.kind(base, monotonic: monotonic, temporality: temporality)
        for i in first..<pending.count { pending[i].kind = kind }
    }

    /// A data point of any kind: the fields all kinds share (attributes, the OTLP 0.x `labels`,
    /// which follow them, and the two times) are read into `point` here, the others by `field`.
    /// Returns the attributes.
    @inline(__always)
    mutating func decodePoint<Point: OTLPDataPoint>(
        _ point: inout Point, _ field: (inout OTLPJSONDecoder, inout Point, String) throws(JSONError) -> Void
    ) throws(JSONError) -> [Attribute] {
        var attributes: [Attribute] = []
        try forEachField { d, name throws(JSONError) in
            switch name {
            case "attributes": attributes = try d.decodeAttributes(depth: 0) + attributes
            case "labels": attributes += try d.decodeLegacyLabels()
            case "startTimeUnixNano": point.startTimeUnixNano = try d.readTime()
            case "timeUnixNano": point.timeUnixNano = try d.readTime()
            default: try field(&d, &point, name)
            }
        }
        return attributes
    }

    /// `NumberDataPoint`: `asInt` (a 64-bit integer) or `asDouble`.
    mutating func decodeNumberPoint(_ kind: MetricKind) throws(JSONError) -> PendingMetricPoint {
        var point = NumberPoint(timeUnixNano: 0, value: 0)
        let attributes = try decodePoint(&point) { d, point, field throws(JSONError) in
            switch field {
            case "asInt": point.value = Double(try d.readInt64())
            case "asDouble", "value": point.value = try d.readDouble()
            default: try d.reader.skipValue()
            }
        }
        return PendingMetricPoint(kind: kind, attributes: attributes, points: .number([point]))
    }

    /// `HistogramDataPoint`: explicit bounds and one more bucket count than bounds.
    mutating func decodeHistogramPoint(_ kind: MetricKind) throws(JSONError) -> PendingMetricPoint {
        var point = HistogramPoint(timeUnixNano: 0, count: 0, explicitBounds: [], bucketCounts: [])
        let attributes = try decodePoint(&point) { d, point, field throws(JSONError) in
            switch field {
            case "count": point.count = try d.readUInt64()
            case "sum": point.sum = try d.readDouble()
            case "min": point.min = try d.readDouble()
            case "max": point.max = try d.readDouble()
            case "bucketCounts": point.bucketCounts = try d.readCounts()
            case "explicitBounds": point.explicitBounds = try d.readDoubles()
            default: try d.reader.skipValue()
            }
        }
        return PendingMetricPoint(kind: kind, attributes: attributes, points: .histogram([point]))
    }

    /// `ExponentialHistogramDataPoint` with its `positive`/`negative` bucket ranges.
    mutating func decodeExponentialPoint(_ kind: MetricKind) throws(JSONError) -> PendingMetricPoint {
        var point = ExponentialHistogramPoint(timeUnixNano: 0, count: 0, scale: 0)
        let attributes = try decodePoint(&point) { d, point, field throws(JSONError) in
            switch field {
            case "count": point.count = try d.readUInt64()
            case "sum": point.sum = try d.readDouble()
            case "min": point.min = try d.readDouble()
            case "max": point.max = try d.readDouble()
            case "scale": point.scale = try d.readInt32()
            case "zeroCount": point.zeroCount = try d.readUInt64()
            case "zeroThreshold": point.zeroThreshold = try d.readDouble()
            case "positive": (point.positiveOffset, point.positiveBucketCounts) = try d.decodeBuckets()
            case "negative": (point.negativeOffset, point.negativeBucketCounts) = try d.decodeBuckets()
            default: try d.reader.skipValue()
            }
        }
        return PendingMetricPoint(kind: kind, attributes: attributes, points: .exponentialHistogram([point]))
    }

    /// `ExponentialHistogramDataPoint.Buckets`: `offset` and `bucketCounts`.
    mutating func decodeBuckets() throws(JSONError) -> (Int32, [UInt64]) {
        try decodeObject((offset: Int32(0), counts: [UInt64]())) { d, buckets, field throws(JSONError) in
            switch field {
            case "offset": buckets.offset = try d.readInt32()
            case "bucketCounts": buckets.counts = try d.readCounts()
            default: try d.reader.skipValue()
            }
        }
    }

    /// `SummaryDataPoint` with `quantileValues`.
    mutating func decodeSummaryPoint(_ kind: MetricKind) throws(JSONError) -> PendingMetricPoint {
        var point = SummaryPoint(timeUnixNano: 0, count: 0, sum: 0)
        let attributes = try decodePoint(&point) { d, point, field throws(JSONError) in
            switch field {
            case "count": point.count = try d.readUInt64()
            case "sum": point.sum = try d.readDouble()
            case "quantileValues":
                point.quantiles += try d.decodeObjects(SummaryPoint.Quantile(quantile: 0, value: 0)) {
                    d, q, field throws(JSONError) in
                    switch field {
                    case "quantile": q.quantile = try d.readDouble()
                    case "value": q.value = try d.readDouble()
                    default: try d.reader.skipValue()
                    }
                }
            default: try d.reader.skipValue()
            }
        }
        return PendingMetricPoint(kind: kind, attributes: attributes, points: .summary([point]))
    }

    mutating func readCounts() throws(JSONError) -> [UInt64] {
        var counts: [UInt64] = []
        try reader.beginArray()
        while try reader.nextElement() { counts.append(try readUInt64()) }
        return counts
    }

    mutating func readDoubles() throws(JSONError) -> [Double] {
        var values: [Double] = []
        try reader.beginArray()
        while try reader.nextElement() { values.append(try readDouble()) }
        return values
    }

    /// The deprecated `labels` of OTLP 0.x data points: `StringKeyValue` pairs (`{key, value}`
    /// with a plain string value), read as string attributes.
    mutating func decodeLegacyLabels() throws(JSONError) -> [Attribute] {
        try decodeObjects(Attribute(key: "", value: .string(""))) { d, label, field throws(JSONError) in
            switch field {
            case "key": label.key = try d.readString()
            case "value": label.value = .string(try d.readString())
            default: try d.reader.skipValue()
            }
        }
    }
}
