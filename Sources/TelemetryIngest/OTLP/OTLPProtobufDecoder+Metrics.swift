import TelemetryModel

/// `ResourceMetrics` → `ScopeMetrics` → `Metric` → data points (opentelemetry-proto
/// `metrics/v1/metrics.proto`) from protobuf, into the same series as
/// `OTLPJSONDecoder+Metrics.swift` makes from JSON: each data point a one-point series, added
/// to the builder in file order once its resource is known.
///
/// Repeated scalars (`bucket_counts`, `explicit_bounds`) are accepted packed (proto3's default)
/// and unpacked. Exemplars are skipped. The OTLP 0.x kinds of collectors ≤ 0.1x are read as the
/// JSON reader reads `intGauge`/`intSum`/`intHistogram` and the double ones: see
/// `OTLPProtobufDecoder+LegacyMetrics.swift`.
extension OTLPProtobufDecoder {
    static let resourceMetricsFields: [UInt32: String] = [
        1: "resource", 2: "scopeMetrics", 3: "schemaUrl", 1000: "instrumentationLibraryMetrics",
    ]

    mutating func decodeResourceMetrics() throws(ProtobufError) {
        var series: [MetricSeries] = []
        let resource = try decodeResourceMessage(Self.resourceMetricsFields) { d throws(ProtobufError) in
            try d.decodeScopeMetrics(into: &series)
        }
        pointCount += builder.add(series, resource: HashedValue(resource))
    }

    static let scopeMetricsFields: [UInt32: String] = [1: "scope", 2: "metrics", 3: "schemaUrl"]

    /// `ScopeMetrics`: series carry no scope in the model, so the scope is skipped.
    mutating func decodeScopeMetrics(into series: inout [MetricSeries]) throws(ProtobufError) {
        var metrics = 0
        try decodeMessage(Self.scopeMetricsFields, index: { $0 == 0x12 ? metrics : nil }) { d, t throws(ProtobufError) in
            if t == 0x12 {
                try d.decodeMetric(into: &series)
                metrics += 1
            } else {
                try d.reader.skip(t)
            }
        }
    }

    static let metricFields: [UInt32: String] = [
        1: "name", 2: "description", 3: "unit", 4: "intGauge", 5: "gauge", 6: "intSum",
        7: "sum", 8: "intHistogram", 9: "histogram",
        10: "exponentialHistogram", 11: "summary", 12: "metadata",
    ]

    mutating func decodeMetric(into series: inout [MetricSeries]) throws(ProtobufError) {
        var name = "", unit = "", description = ""
        var pending: [PendingMetricPoint] = []
        try decodeMessage(Self.metricFields) { d, t throws(ProtobufError) in
            switch t {
            case 0x0A: name = try d.readString()
            case 0x12: description = try d.readString()
            case 0x1A: unit = try d.readString()
            case 0x22: try d.decodeMetricData(.gauge, legacyInt: true, into: &pending)
            case 0x2A: try d.decodeMetricData(.gauge, into: &pending)
            case 0x32: try d.decodeMetricData(.sum(monotonic: false, temporality: .unspecified), legacyInt: true, into: &pending)
            case 0x3A: try d.decodeMetricData(.sum(monotonic: false, temporality: .unspecified), into: &pending)
            case 0x42: try d.decodeMetricData(.histogram(temporality: .unspecified), legacyInt: true, into: &pending)
            case 0x4A: try d.decodeMetricData(.histogram(temporality: .unspecified), into: &pending)
            case 0x52: try d.decodeMetricData(.exponentialHistogram(temporality: .unspecified), into: &pending)
            case 0x5A: try d.decodeMetricData(.summary, into: &pending)
            default: try d.reader.skip(t)
            }
        }
        series += pending.map { $0.series(name: name, unit: unit, description: description) }
    }

    static let metricDataFields: [UInt32: String] = [1: "dataPoints", 2: "aggregationTemporality", 3: "isMonotonic"]

    /// `Gauge`, `Sum`, `Histogram`, `ExponentialHistogram` or `Summary`: data points plus, for
    /// some, temporality (2) and monotonicity (3, `Sum` only), which may come after the points.
    /// `legacyInt`: the OTLP 0.x `IntGauge`/`IntSum`/`IntHistogram`, whose points hold `sfixed64`
    /// where the current ones hold doubles (same field numbers and wire type).
    mutating func decodeMetricData(_ base: MetricKind, legacyInt: Bool = false, into pending: inout [PendingMetricPoint])
        throws(ProtobufError)
    {
        var temporality = AggregationTemporality.unspecified
        var monotonic = false
        let first = pending.count
        try decodeMessage(Self.metricDataFields, index: { $0 == 0x0A ? pending.count - first : nil }) { d, t throws(ProtobufError) in
            switch t {
            case 0x0A:
                switch base {
                case .gauge, .sum: pending.append(try d.decodeNumberPoint(base, legacyInt: legacyInt))
                case .histogram: pending.append(try d.decodeHistogramPoint(base, legacyInt: legacyInt))
                case .exponentialHistogram: pending.append(try d.decodeExponentialPoint(base))
                case .summary: pending.append(try d.decodeSummaryPoint(base))
                }
            case 0x10:  // aggregation_temporality = 2 (ignored where the kind has none, as in JSON)
                temporality = AggregationTemporality(rawValue: try d.readEnum(count: 3)) ?? .unspecified
            case 0x18:  // is_monotonic = 3
                monotonic = try d.reader.readVarint() != 0
            default: try d.reader.skip(t)
            }
        }
        let kind = PendingMetricPoint.kind(base, monotonic: monotonic, temporality: temporality)
        for i in first..<pending.count { pending[i].kind = kind }
    }

    /// A data point of any kind: the fields all kinds share are read into `point` here — the
    /// attributes (`attributesTag`: field 7 of numbers and summaries, 9 of histograms, 1 of
    /// exponential histograms), the OTLP 0.x `labels` (1, where the kind has them; they follow
    /// the attributes, as in JSON) and the times (2 and 3, fixed64) — and the others by `field`;
    /// `index` gives the element a repeated field of `field`'s was reading, for error paths.
    /// Returns the attributes.
    @inline(__always)
    mutating func decodePoint<Point: OTLPDataPoint>(
        _ point: inout Point, _ names: [UInt32: String], attributesTag: UInt32, hasLabels: Bool = true,
        index: (Point, UInt32) -> Int? = { _, _ in nil },
        _ field: (inout OTLPProtobufDecoder, inout Point, UInt32) throws(ProtobufError) -> Void
    ) throws(ProtobufError) -> [Attribute] {
        var attributes: [Attribute] = [], labels: [Attribute] = []
        let elementIndex = { (t: UInt32) -> Int? in
            t == attributesTag ? attributes.count : hasLabels && t == 0x0A ? labels.count : index(point, t)
        }
        try decodeMessage(names, index: elementIndex) { d, t throws(ProtobufError) in
            switch t {
            case attributesTag: attributes.append(try d.decodeKeyValue(depth: 0))
            case 0x0A where hasLabels: labels.append(try d.decodeStringKeyValue())
            case 0x11: point.startTimeUnixNano = try d.reader.readTime()
            case 0x19: point.timeUnixNano = try d.reader.readTime()
            default: try field(&d, &point, t)
            }
        }
        return attributes + labels
    }

    static let numberPointFields: [UInt32: String] = [
        7: "attributes", 1: "labels", 2: "startTimeUnixNano", 3: "timeUnixNano", 4: "asDouble",
        6: "asInt", 5: "exemplars", 8: "flags",
    ]

    /// `NumberDataPoint`: `as_double` (double) or `as_int` (sfixed64); in a legacy `IntDataPoint`
    /// field 4 is the `sfixed64` value. The deprecated `labels` (1) follow the attributes, as in JSON.
    mutating func decodeNumberPoint(_ kind: MetricKind, legacyInt: Bool = false) throws(ProtobufError) -> PendingMetricPoint {
        var point = NumberPoint(timeUnixNano: 0, value: 0)
        let attributes = try decodePoint(&point, Self.numberPointFields, attributesTag: 0x3A) { d, point, t throws(ProtobufError) in
            switch t {
            case 0x21: point.value = legacyInt ? Double(Int64(bitPattern: try d.reader.readFixed64())) : try d.reader.readDouble()
            case 0x31: point.value = Double(Int64(bitPattern: try d.reader.readFixed64()))
            default: try d.reader.skip(t)
            }
        }
        return PendingMetricPoint(kind: kind, attributes: attributes, points: .number([point]))
    }

    static let histogramPointFields: [UInt32: String] = [
        9: "attributes", 1: "labels", 2: "startTimeUnixNano", 3: "timeUnixNano", 4: "count", 5: "sum",
        6: "bucketCounts", 7: "explicitBounds", 8: "exemplars", 10: "flags", 11: "min", 12: "max",
    ]

    /// `HistogramDataPoint`: explicit bounds and one more bucket count than bounds; in a legacy
    /// `IntHistogramDataPoint` the sum (5) is `sfixed64`. Deprecated `labels` (1) as for numbers.
    mutating func decodeHistogramPoint(_ kind: MetricKind, legacyInt: Bool = false) throws(ProtobufError) -> PendingMetricPoint {
        var point = HistogramPoint(timeUnixNano: 0, count: 0, explicitBounds: [], bucketCounts: [])
        let attributes = try decodePoint(&point, Self.histogramPointFields, attributesTag: 0x4A) { d, point, t throws(ProtobufError) in
            switch t {
            case 0x21: point.count = try d.reader.readFixed64()
            case 0x29: point.sum = legacyInt ? Double(Int64(bitPattern: try d.reader.readFixed64())) : try d.reader.readDouble()
            case 0x32, 0x31:
                try d.reader.readRepeated(t, elementWireType: ProtobufReader.fixed64, into: &point.bucketCounts) {
                    r throws(ProtobufError) in try r.readFixed64()
                }
            case 0x3A, 0x39:
                try d.reader.readRepeated(t, elementWireType: ProtobufReader.fixed64, into: &point.explicitBounds) {
                    r throws(ProtobufError) in try r.readDouble()
                }
            case 0x59: point.min = try d.reader.readDouble()
            case 0x61: point.max = try d.reader.readDouble()
            default: try d.reader.skip(t)
            }
        }
        return PendingMetricPoint(kind: kind, attributes: attributes, points: .histogram([point]))
    }

    static let exponentialPointFields: [UInt32: String] = [
        1: "attributes", 2: "startTimeUnixNano", 3: "timeUnixNano", 4: "count", 5: "sum", 6: "scale", 7: "zeroCount",
        8: "positive", 9: "negative", 10: "flags", 11: "exemplars", 12: "min", 13: "max", 14: "zeroThreshold",
    ]

    /// `ExponentialHistogramDataPoint` with its `positive`/`negative` bucket ranges.
    mutating func decodeExponentialPoint(_ kind: MetricKind) throws(ProtobufError) -> PendingMetricPoint {
        var point = ExponentialHistogramPoint(timeUnixNano: 0, count: 0, scale: 0)
        let attributes = try decodePoint(&point, Self.exponentialPointFields, attributesTag: 0x0A, hasLabels: false) {
            d, point, t throws(ProtobufError) in
            switch t {
            case 0x21: point.count = try d.reader.readFixed64()
            case 0x29: point.sum = try d.reader.readDouble()
            case 0x30: point.scale = try d.readSInt32()
            case 0x39: point.zeroCount = try d.reader.readFixed64()
            case 0x42: (point.positiveOffset, point.positiveBucketCounts) = try d.decodeBuckets()
            case 0x4A: (point.negativeOffset, point.negativeBucketCounts) = try d.decodeBuckets()
            case 0x61: point.min = try d.reader.readDouble()
            case 0x69: point.max = try d.reader.readDouble()
            case 0x71: point.zeroThreshold = try d.reader.readDouble()
            default: try d.reader.skip(t)
            }
        }
        return PendingMetricPoint(kind: kind, attributes: attributes, points: .exponentialHistogram([point]))
    }

    /// A `sint32`: ZigZag, and within 32 bits.
    mutating func readSInt32() throws(ProtobufError) -> Int32 {
        let at = reader.position
        let v = try reader.readSignedVarint()
        guard let small = Int32(exactly: v) else {
            throw ProtobufError(offset: at, message: "expected a 32-bit integer, found \(v) at byte \(at)")
        }
        return small
    }

    static let bucketsFields: [UInt32: String] = [1: "offset", 2: "bucketCounts"]

    /// `ExponentialHistogramDataPoint.Buckets`: `sint32 offset = 1`, `repeated uint64 bucket_counts = 2`.
    mutating func decodeBuckets() throws(ProtobufError) -> (Int32, [UInt64]) {
        var offset: Int32 = 0
        var counts: [UInt64] = []
        try decodeMessage(Self.bucketsFields) { d, t throws(ProtobufError) in
            switch t {
            case 0x08: offset = try d.readSInt32()
            case 0x12, 0x10:
                try d.reader.readRepeated(t, elementWireType: ProtobufReader.varint, into: &counts) { r throws(ProtobufError) in
                    try r.readVarint()
                }
            default: try d.reader.skip(t)
            }
        }
        return (offset, counts)
    }

    static let summaryPointFields: [UInt32: String] = [
        7: "attributes", 1: "labels", 2: "startTimeUnixNano", 3: "timeUnixNano", 4: "count", 5: "sum",
        6: "quantileValues", 8: "flags",
    ]

    /// `SummaryDataPoint` with `quantile_values` (`quantile = 1`, `value = 2`, doubles);
    /// deprecated `labels` (1) as for numbers.
    mutating func decodeSummaryPoint(_ kind: MetricKind) throws(ProtobufError) -> PendingMetricPoint {
        var point = SummaryPoint(timeUnixNano: 0, count: 0, sum: 0)
        let attributes = try decodePoint(
            &point, Self.summaryPointFields, attributesTag: 0x3A, index: { point, t in t == 0x32 ? point.quantiles.count : nil }
        ) { d, point, t throws(ProtobufError) in
            switch t {
            case 0x21: point.count = try d.reader.readFixed64()
            case 0x29: point.sum = try d.reader.readDouble()
            case 0x32:
                var q = SummaryPoint.Quantile(quantile: 0, value: 0)
                let inner = try d.reader.beginMessage()
                while let f = try d.reader.nextTag() {
                    switch f {
                    case 0x09: q.quantile = try d.reader.readDouble()
                    case 0x11: q.value = try d.reader.readDouble()
                    default: try d.reader.skip(f)
                    }
                }
                d.reader.endMessage(inner)
                point.quantiles.append(q)
            default: try d.reader.skip(t)
            }
        }
        return PendingMetricPoint(kind: kind, attributes: attributes, points: .summary([point]))
    }
}
