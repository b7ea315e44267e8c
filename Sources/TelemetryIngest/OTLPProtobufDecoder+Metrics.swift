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
    /// A decoded data point before the metric's name and resource are known.
    struct PendingPoint {
        var kind: MetricKind
        var attributes: [Attribute]
        var points: MetricPoints
    }

    static let resourceMetricsFields: [UInt32: String] = [
        1: "resource", 2: "scopeMetrics", 3: "schemaUrl", 1000: "instrumentationLibraryMetrics",
    ]

    mutating func decodeResourceMetrics() throws(ProtobufError) {
        var resource = Resource()
        var series: [MetricSeries] = []
        var scopes = 0
        let outer = try reader.beginMessage()
        var tag: UInt32 = 0
        do {
            while true {
                tag = 0
                guard let t = try reader.nextTag() else { break }
                tag = t
                switch t {
                case 0x0A: resource = try decodeResource()
                case 0x12, 0x1F42:  // scope_metrics = 2; instrumentation_library_metrics = 1000
                    try decodeScopeMetrics(into: &series)
                    scopes += 1
                default: try reader.skip(t)
                }
            }
        } catch {
            throw Self.locate(error, tag: tag, Self.resourceMetricsFields, index: tag == 0x12 || tag == 0x1F42 ? scopes : nil)
        }
        reader.endMessage(outer)
        let resourceIndex = builder.intern(resource)
        for var s in series {
            s.resourceIndex = resourceIndex
            pointCount += s.points.count
            builder.add(s)
        }
    }

    static let scopeMetricsFields: [UInt32: String] = [1: "scope", 2: "metrics", 3: "schemaUrl"]

    /// `ScopeMetrics`: series carry no scope in the model, so the scope is skipped.
    mutating func decodeScopeMetrics(into series: inout [MetricSeries]) throws(ProtobufError) {
        let outer = try reader.beginMessage()
        var metrics = 0
        var tag: UInt32 = 0
        do {
            while true {
                tag = 0
                guard let t = try reader.nextTag() else { break }
                tag = t
                if t == 0x12 {
                    try decodeMetric(into: &series)
                    metrics += 1
                } else {
                    try reader.skip(t)
                }
            }
        } catch {
            throw Self.locate(error, tag: tag, Self.scopeMetricsFields, index: tag == 0x12 ? metrics : nil)
        }
        reader.endMessage(outer)
    }

    static let metricFields: [UInt32: String] = [
        1: "name", 2: "description", 3: "unit", 4: "intGauge", 5: "gauge", 6: "intSum",
        7: "sum", 8: "intHistogram", 9: "histogram",
        10: "exponentialHistogram", 11: "summary", 12: "metadata",
    ]

    mutating func decodeMetric(into series: inout [MetricSeries]) throws(ProtobufError) {
        var name = "", unit = "", description = ""
        var pending: [PendingPoint] = []
        let outer = try reader.beginMessage()
        var tag: UInt32 = 0
        do {
            while true {
                tag = 0
                guard let t = try reader.nextTag() else { break }
                tag = t
                switch t {
                case 0x0A: name = try readString()
                case 0x12: description = try readString()
                case 0x1A: unit = try readString()
                case 0x22: try decodeMetricData(.gauge, legacyInt: true, into: &pending)
                case 0x2A: try decodeMetricData(.gauge, into: &pending)
                case 0x32: try decodeMetricData(.sum(monotonic: false, temporality: .unspecified), legacyInt: true, into: &pending)
                case 0x3A: try decodeMetricData(.sum(monotonic: false, temporality: .unspecified), into: &pending)
                case 0x42: try decodeMetricData(.histogram(temporality: .unspecified), legacyInt: true, into: &pending)
                case 0x4A: try decodeMetricData(.histogram(temporality: .unspecified), into: &pending)
                case 0x52: try decodeMetricData(.exponentialHistogram(temporality: .unspecified), into: &pending)
                case 0x5A: try decodeMetricData(.summary, into: &pending)
                default: try reader.skip(t)
                }
            }
        } catch {
            throw Self.locate(error, tag: tag, Self.metricFields)
        }
        reader.endMessage(outer)
        for p in pending {
            series.append(
                MetricSeries(
                    name: name, unit: unit, description: description, kind: p.kind,
                    attributes: p.attributes, points: p.points))
        }
    }

    static let metricDataFields: [UInt32: String] = [1: "dataPoints", 2: "aggregationTemporality", 3: "isMonotonic"]

    /// `Gauge`, `Sum`, `Histogram`, `ExponentialHistogram` or `Summary`: data points plus, for
    /// some, temporality (2) and monotonicity (3, `Sum` only), which may come after the points.
    /// `legacyInt`: the OTLP 0.x `IntGauge`/`IntSum`/`IntHistogram`, whose points hold `sfixed64`
    /// where the current ones hold doubles (same field numbers and wire type).
    mutating func decodeMetricData(_ base: MetricKind, legacyInt: Bool = false, into pending: inout [PendingPoint]) throws(ProtobufError) {
        var temporality = AggregationTemporality.unspecified
        var monotonic = false
        let first = pending.count
        let outer = try reader.beginMessage()
        var tag: UInt32 = 0
        do {
            while true {
                tag = 0
                guard let t = try reader.nextTag() else { break }
                tag = t
                switch t {
                case 0x0A:
                    switch base {
                    case .gauge, .sum: pending.append(try decodeNumberPoint(base, legacyInt: legacyInt))
                    case .histogram: pending.append(try decodeHistogramPoint(base, legacyInt: legacyInt))
                    case .exponentialHistogram: pending.append(try decodeExponentialPoint(base))
                    case .summary: pending.append(try decodeSummaryPoint(base))
                    }
                case 0x10:  // aggregation_temporality = 2 (ignored where the kind has none, as in JSON)
                    temporality = AggregationTemporality(rawValue: try readEnum(count: 3)) ?? .unspecified
                case 0x18:  // is_monotonic = 3
                    monotonic = try reader.readVarint() != 0
                default: try reader.skip(t)
                }
            }
        } catch {
            throw Self.locate(error, tag: tag, Self.metricDataFields, index: tag == 0x0A ? pending.count - first : nil)
        }
        reader.endMessage(outer)
        let kind: MetricKind
        switch base {
        case .sum: kind = .sum(monotonic: monotonic, temporality: temporality)
        case .histogram: kind = .histogram(temporality: temporality)
        case .exponentialHistogram: kind = .exponentialHistogram(temporality: temporality)
        default: kind = base
        }
        for i in first..<pending.count { pending[i].kind = kind }
    }

    static let numberPointFields: [UInt32: String] = [
        7: "attributes", 1: "labels", 2: "startTimeUnixNano", 3: "timeUnixNano", 4: "asDouble",
        6: "asInt", 5: "exemplars", 8: "flags",
    ]

    /// `NumberDataPoint`: `as_double` (double) or `as_int` (sfixed64); in a legacy `IntDataPoint`
    /// field 4 is the `sfixed64` value. The deprecated `labels` (1) follow the attributes, as in JSON.
    mutating func decodeNumberPoint(_ kind: MetricKind, legacyInt: Bool = false) throws(ProtobufError) -> PendingPoint {
        var attributes: [Attribute] = [], labels: [Attribute] = []
        var point = NumberPoint(timeUnixNano: 0, value: 0)
        let outer = try reader.beginMessage()
        var tag: UInt32 = 0
        do {
            while true {
                tag = 0
                guard let t = try reader.nextTag() else { break }
                tag = t
                switch t {
                case 0x3A: attributes.append(try decodeKeyValue(depth: 0))
                case 0x0A: labels.append(try decodeStringKeyValue())
                case 0x11: point.startTimeUnixNano = Int64(bitPattern: try reader.readFixed64())
                case 0x19: point.timeUnixNano = Int64(bitPattern: try reader.readFixed64())
                case 0x21: point.value = legacyInt ? Double(Int64(bitPattern: try reader.readFixed64())) : try reader.readDouble()
                case 0x31: point.value = Double(Int64(bitPattern: try reader.readFixed64()))
                default: try reader.skip(t)
                }
            }
        } catch {
            throw Self.locate(
                error, tag: tag, Self.numberPointFields, index: tag == 0x3A ? attributes.count : tag == 0x0A ? labels.count : nil)
        }
        reader.endMessage(outer)
        return PendingPoint(kind: kind, attributes: attributes + labels, points: .number([point]))
    }

    static let histogramPointFields: [UInt32: String] = [
        9: "attributes", 1: "labels", 2: "startTimeUnixNano", 3: "timeUnixNano", 4: "count", 5: "sum",
        6: "bucketCounts", 7: "explicitBounds", 8: "exemplars", 10: "flags", 11: "min", 12: "max",
    ]

    /// `HistogramDataPoint`: explicit bounds and one more bucket count than bounds; in a legacy
    /// `IntHistogramDataPoint` the sum (5) is `sfixed64`. Deprecated `labels` (1) as for numbers.
    mutating func decodeHistogramPoint(_ kind: MetricKind, legacyInt: Bool = false) throws(ProtobufError) -> PendingPoint {
        var attributes: [Attribute] = [], labels: [Attribute] = []
        var point = HistogramPoint(timeUnixNano: 0, count: 0, explicitBounds: [], bucketCounts: [])
        let outer = try reader.beginMessage()
        var tag: UInt32 = 0
        do {
            while true {
                tag = 0
                guard let t = try reader.nextTag() else { break }
                tag = t
                switch t {
                case 0x4A: attributes.append(try decodeKeyValue(depth: 0))
                case 0x0A: labels.append(try decodeStringKeyValue())
                case 0x11: point.startTimeUnixNano = Int64(bitPattern: try reader.readFixed64())
                case 0x19: point.timeUnixNano = Int64(bitPattern: try reader.readFixed64())
                case 0x21: point.count = try reader.readFixed64()
                case 0x29: point.sum = legacyInt ? Double(Int64(bitPattern: try reader.readFixed64())) : try reader.readDouble()
                case 0x32, 0x31:
                    try reader.readRepeated(t, elementWireType: ProtobufReader.fixed64, into: &point.bucketCounts) {
                        r throws(ProtobufError) in try r.readFixed64()
                    }
                case 0x3A, 0x39:
                    try reader.readRepeated(t, elementWireType: ProtobufReader.fixed64, into: &point.explicitBounds) {
                        r throws(ProtobufError) in try r.readDouble()
                    }
                case 0x59: point.min = try reader.readDouble()
                case 0x61: point.max = try reader.readDouble()
                default: try reader.skip(t)
                }
            }
        } catch {
            throw Self.locate(
                error, tag: tag, Self.histogramPointFields, index: tag == 0x4A ? attributes.count : tag == 0x0A ? labels.count : nil)
        }
        reader.endMessage(outer)
        return PendingPoint(kind: kind, attributes: attributes + labels, points: .histogram([point]))
    }

    static let exponentialPointFields: [UInt32: String] = [
        1: "attributes", 2: "startTimeUnixNano", 3: "timeUnixNano", 4: "count", 5: "sum", 6: "scale", 7: "zeroCount",
        8: "positive", 9: "negative", 10: "flags", 11: "exemplars", 12: "min", 13: "max", 14: "zeroThreshold",
    ]

    /// `ExponentialHistogramDataPoint` with its `positive`/`negative` bucket ranges.
    mutating func decodeExponentialPoint(_ kind: MetricKind) throws(ProtobufError) -> PendingPoint {
        var attributes: [Attribute] = []
        var point = ExponentialHistogramPoint(timeUnixNano: 0, count: 0, scale: 0)
        let outer = try reader.beginMessage()
        var tag: UInt32 = 0
        do {
            while true {
                tag = 0
                guard let t = try reader.nextTag() else { break }
                tag = t
                switch t {
                case 0x0A: attributes.append(try decodeKeyValue(depth: 0))
                case 0x11: point.startTimeUnixNano = Int64(bitPattern: try reader.readFixed64())
                case 0x19: point.timeUnixNano = Int64(bitPattern: try reader.readFixed64())
                case 0x21: point.count = try reader.readFixed64()
                case 0x29: point.sum = try reader.readDouble()
                case 0x30: point.scale = try readSInt32()
                case 0x39: point.zeroCount = try reader.readFixed64()
                case 0x42: (point.positiveOffset, point.positiveBucketCounts) = try decodeBuckets()
                case 0x4A: (point.negativeOffset, point.negativeBucketCounts) = try decodeBuckets()
                case 0x61: point.min = try reader.readDouble()
                case 0x69: point.max = try reader.readDouble()
                case 0x71: point.zeroThreshold = try reader.readDouble()
                default: try reader.skip(t)
                }
            }
        } catch {
            throw Self.locate(error, tag: tag, Self.exponentialPointFields, index: tag == 0x0A ? attributes.count : nil)
        }
        reader.endMessage(outer)
        return PendingPoint(kind: kind, attributes: attributes, points: .exponentialHistogram([point]))
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
        let outer = try reader.beginMessage()
        var tag: UInt32 = 0
        do {
            while true {
                tag = 0
                guard let t = try reader.nextTag() else { break }
                tag = t
                switch t {
                case 0x08: offset = try readSInt32()
                case 0x12, 0x10:
                    try reader.readRepeated(t, elementWireType: ProtobufReader.varint, into: &counts) { r throws(ProtobufError) in
                        try r.readVarint()
                    }
                default: try reader.skip(t)
                }
            }
        } catch {
            throw Self.locate(error, tag: tag, Self.bucketsFields)
        }
        reader.endMessage(outer)
        return (offset, counts)
    }

    static let summaryPointFields: [UInt32: String] = [
        7: "attributes", 1: "labels", 2: "startTimeUnixNano", 3: "timeUnixNano", 4: "count", 5: "sum",
        6: "quantileValues", 8: "flags",
    ]

    /// `SummaryDataPoint` with `quantile_values` (`quantile = 1`, `value = 2`, doubles);
    /// deprecated `labels` (1) as for numbers.
    mutating func decodeSummaryPoint(_ kind: MetricKind) throws(ProtobufError) -> PendingPoint {
        var attributes: [Attribute] = [], labels: [Attribute] = []
        var point = SummaryPoint(timeUnixNano: 0, count: 0, sum: 0)
        let outer = try reader.beginMessage()
        var tag: UInt32 = 0
        do {
            while true {
                tag = 0
                guard let t = try reader.nextTag() else { break }
                tag = t
                switch t {
                case 0x3A: attributes.append(try decodeKeyValue(depth: 0))
                case 0x0A: labels.append(try decodeStringKeyValue())
                case 0x11: point.startTimeUnixNano = Int64(bitPattern: try reader.readFixed64())
                case 0x19: point.timeUnixNano = Int64(bitPattern: try reader.readFixed64())
                case 0x21: point.count = try reader.readFixed64()
                case 0x29: point.sum = try reader.readDouble()
                case 0x32:
                    var q = SummaryPoint.Quantile(quantile: 0, value: 0)
                    let inner = try reader.beginMessage()
                    while let f = try reader.nextTag() {
                        switch f {
                        case 0x09: q.quantile = try reader.readDouble()
                        case 0x11: q.value = try reader.readDouble()
                        default: try reader.skip(f)
                        }
                    }
                    reader.endMessage(inner)
                    point.quantiles.append(q)
                default: try reader.skip(t)
                }
            }
        } catch {
            let index: Int? = tag == 0x3A ? attributes.count : tag == 0x32 ? point.quantiles.count : tag == 0x0A ? labels.count : nil
            throw Self.locate(error, tag: tag, Self.summaryPointFields, index: index)
        }
        reader.endMessage(outer)
        return PendingPoint(kind: kind, attributes: attributes + labels, points: .summary([point]))
    }
}
