import TelemetryModel

/// `ResourceMetrics` → `ScopeMetrics` → `Metric` → data points (opentelemetry-proto
/// `metrics/v1/metrics.proto`). Each data point becomes a one-point series; the builder merges
/// points of the same name, kind, resource and attributes. Empty metrics (`{}`, no data) add nothing.
extension OTLPJSONDecoder {
    /// A decoded data point before the metric's name and resource are known.
    struct PendingPoint {
        var kind: MetricKind
        var attributes: [Attribute]
        var points: MetricPoints
    }

    mutating func decodeResourceMetrics() throws(JSONError) {
        var resource = Resource()
        var series: [MetricSeries] = []
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            switch Self.fieldName(key) {
            case "resource":
                resource = try decodeResource()
            case "scopeMetrics", "instrumentationLibraryMetrics":
                try reader.beginArray()
                while try reader.nextElement() {
                    if reader.skipNull() { continue }
                    try decodeScopeMetrics(into: &series)
                }
            default:
                try reader.skipValue()
            }
        }
        let resourceIndex = builder.intern(resource)
        for var s in series {
            s.resourceIndex = resourceIndex
            pointCount += s.points.count
            builder.add(s)
        }
    }

    mutating func decodeScopeMetrics(into series: inout [MetricSeries]) throws(JSONError) {
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            if key == "metrics" {
                try reader.beginArray()
                while try reader.nextElement() {
                    if reader.skipNull() { continue }
                    try decodeMetric(into: &series)
                }
            } else {
                // scope / instrumentationLibrary: series carry no scope in the model.
                try reader.skipValue()
            }
        }
    }

    mutating func decodeMetric(into series: inout [MetricSeries]) throws(JSONError) {
        var name = "", unit = "", description = ""
        var pending: [PendingPoint] = []
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
        for p in pending {
            series.append(
                MetricSeries(
                    name: name, unit: unit, description: description, kind: p.kind,
                    attributes: p.attributes, points: p.points))
        }
    }

    /// The metric fields that hold data (current and OTLP 0.x names).
    static let metricKindFields: Set<String> = [
        "gauge", "intGauge", "doubleGauge", "sum", "intSum", "doubleSum", "histogram",
        "intHistogram", "doubleHistogram", "exponentialHistogram", "summary", "doubleSummary",
    ]

    /// `Gauge`, `Sum`, `Histogram`, `ExponentialHistogram` or `Summary`: data points plus, for
    /// some, temporality and monotonicity, which may come after the points.
    mutating func decodeMetricData(_ base: MetricKind, into pending: inout [PendingPoint]) throws(JSONError) {
        var temporality = AggregationTemporality.unspecified
        var monotonic = false
        let first = pending.count
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            switch Self.fieldName(key) {
            case "aggregationTemporality":
                let t = try readEnum(
                    prefix: "AGGREGATION_TEMPORALITY_", names: Self.temporalityNames,
                    what: "an aggregation temporality (0–2 or AGGREGATION_TEMPORALITY_…)")
                temporality = AggregationTemporality(rawValue: UInt8(t)) ?? .unspecified
            case "isMonotonic":
                monotonic = try readBool()
            case "dataPoints":
                try reader.beginArray()
                while try reader.nextElement() {
                    if reader.skipNull() { continue }
                    switch base {
                    case .gauge, .sum: pending.append(try decodeNumberPoint(base))
                    case .histogram: pending.append(try decodeHistogramPoint(base))
                    case .exponentialHistogram: pending.append(try decodeExponentialPoint(base))
                    case .summary: pending.append(try decodeSummaryPoint(base))
                    }
                }
            default:
                try reader.skipValue()
            }
        }
        let kind: MetricKind
        switch base {
        case .sum: kind = .sum(monotonic: monotonic, temporality: temporality)
        case .histogram: kind = .histogram(temporality: temporality)
        case .exponentialHistogram: kind = .exponentialHistogram(temporality: temporality)
        default: kind = base
        }
        for i in first..<pending.count { pending[i].kind = kind }
    }

    /// `NumberDataPoint`: `asInt` (a 64-bit integer) or `asDouble`.
    mutating func decodeNumberPoint(_ kind: MetricKind) throws(JSONError) -> PendingPoint {
        var attributes: [Attribute] = []
        var point = NumberPoint(timeUnixNano: 0, value: 0)
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            switch Self.fieldName(key) {
            case "attributes": attributes = try decodeAttributes(depth: 0) + attributes
            case "labels": attributes += try decodeLegacyLabels()
            case "startTimeUnixNano": point.startTimeUnixNano = try readTime()
            case "timeUnixNano": point.timeUnixNano = try readTime()
            case "asInt": point.value = Double(try readInt64())
            case "asDouble", "value": point.value = try readDouble()
            default: try reader.skipValue()
            }
        }
        return PendingPoint(kind: kind, attributes: attributes, points: .number([point]))
    }

    /// `HistogramDataPoint`: explicit bounds and one more bucket count than bounds.
    mutating func decodeHistogramPoint(_ kind: MetricKind) throws(JSONError) -> PendingPoint {
        var attributes: [Attribute] = []
        var point = HistogramPoint(timeUnixNano: 0, count: 0, explicitBounds: [], bucketCounts: [])
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            switch Self.fieldName(key) {
            case "attributes": attributes = try decodeAttributes(depth: 0) + attributes
            case "labels": attributes += try decodeLegacyLabels()
            case "startTimeUnixNano": point.startTimeUnixNano = try readTime()
            case "timeUnixNano": point.timeUnixNano = try readTime()
            case "count": point.count = try readUInt64()
            case "sum": point.sum = try readDouble()
            case "min": point.min = try readDouble()
            case "max": point.max = try readDouble()
            case "bucketCounts": point.bucketCounts = try readCounts()
            case "explicitBounds": point.explicitBounds = try readDoubles()
            default: try reader.skipValue()
            }
        }
        return PendingPoint(kind: kind, attributes: attributes, points: .histogram([point]))
    }

    /// `ExponentialHistogramDataPoint` with its `positive`/`negative` bucket ranges.
    mutating func decodeExponentialPoint(_ kind: MetricKind) throws(JSONError) -> PendingPoint {
        var attributes: [Attribute] = []
        var point = ExponentialHistogramPoint(timeUnixNano: 0, count: 0, scale: 0)
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            switch Self.fieldName(key) {
            case "attributes": attributes = try decodeAttributes(depth: 0) + attributes
            case "labels": attributes += try decodeLegacyLabels()
            case "startTimeUnixNano": point.startTimeUnixNano = try readTime()
            case "timeUnixNano": point.timeUnixNano = try readTime()
            case "count": point.count = try readUInt64()
            case "sum": point.sum = try readDouble()
            case "min": point.min = try readDouble()
            case "max": point.max = try readDouble()
            case "scale": point.scale = try readInt32()
            case "zeroCount": point.zeroCount = try readUInt64()
            case "zeroThreshold": point.zeroThreshold = try readDouble()
            case "positive": (point.positiveOffset, point.positiveBucketCounts) = try decodeBuckets()
            case "negative": (point.negativeOffset, point.negativeBucketCounts) = try decodeBuckets()
            default: try reader.skipValue()
            }
        }
        return PendingPoint(kind: kind, attributes: attributes, points: .exponentialHistogram([point]))
    }

    /// `ExponentialHistogramDataPoint.Buckets`: `offset` and `bucketCounts`.
    mutating func decodeBuckets() throws(JSONError) -> (Int32, [UInt64]) {
        var offset: Int32 = 0
        var counts: [UInt64] = []
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            switch Self.fieldName(key) {
            case "offset": offset = try readInt32()
            case "bucketCounts": counts = try readCounts()
            default: try reader.skipValue()
            }
        }
        return (offset, counts)
    }

    /// `SummaryDataPoint` with `quantileValues`.
    mutating func decodeSummaryPoint(_ kind: MetricKind) throws(JSONError) -> PendingPoint {
        var attributes: [Attribute] = []
        var point = SummaryPoint(timeUnixNano: 0, count: 0, sum: 0)
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            switch Self.fieldName(key) {
            case "attributes": attributes = try decodeAttributes(depth: 0) + attributes
            case "labels": attributes += try decodeLegacyLabels()
            case "startTimeUnixNano": point.startTimeUnixNano = try readTime()
            case "timeUnixNano": point.timeUnixNano = try readTime()
            case "count": point.count = try readUInt64()
            case "sum": point.sum = try readDouble()
            case "quantileValues":
                try reader.beginArray()
                while try reader.nextElement() {
                    if reader.skipNull() { continue }
                    var q = SummaryPoint.Quantile(quantile: 0, value: 0)
                    try reader.beginObject()
                    while let field = try reader.nextKey() {
                        if reader.skipNull() { continue }
                        switch field {
                        case "quantile": q.quantile = try readDouble()
                        case "value": q.value = try readDouble()
                        default: try reader.skipValue()
                        }
                    }
                    point.quantiles.append(q)
                }
            default: try reader.skipValue()
            }
        }
        return PendingPoint(kind: kind, attributes: attributes, points: .summary([point]))
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
        var list: [Attribute] = []
        try reader.beginArray()
        while try reader.nextElement() {
            if reader.skipNull() { continue }
            var key = ""
            var value = ""
            try reader.beginObject()
            while let field = try reader.nextKey() {
                if reader.skipNull() { continue }
                switch field {
                case "key": key = try readString()
                case "value": value = try readString()
                default: try reader.skipValue()
                }
            }
            list.append(Attribute(key: key, value: .string(value)))
        }
        return list
    }
}
