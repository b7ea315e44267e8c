import TelemetryModel

/// The OTLP 0.x metric encodings that collectors up to 0.1x still send (opentelemetry-proto
/// before v0.9 for the double kinds, before v0.11 for the int ones), read into the same series
/// as the JSON reader makes of `intGauge`/`intSum`/`intHistogram`/`doubleGauge`/`doubleSum`/
/// `doubleHistogram`/`doubleSummary`:
/// - `Metric.int_gauge = 4`, `int_sum = 6`, `int_histogram = 8` (`IntGauge`, `IntSum`,
///   `IntHistogram`: data points 1, temporality 2, `is_monotonic` 3 as in the current kinds);
///   `IntDataPoint` is `labels = 1`, `start_time_unix_nano = 2`, `time_unix_nano = 3`,
///   `sfixed64 value = 4`; `IntHistogramDataPoint` is the histogram point with `sfixed64 sum = 5`.
///   The fixed64 wire type is the same as the double's, so only the message tells them apart
///   (`decodeMetricData(legacyInt:)`).
/// - The double kinds used field numbers 5, 7, 9 and 11 with the layouts the current `Gauge`,
///   `Sum`, `Histogram` and `Summary` kept, so they need nothing but their `labels`.
/// - `labels` (field 1 of every 0.x point, still reserved in later ones): `StringKeyValue`
///   (`key = 1`, `value = 2`, both strings), read as string attributes after the attributes.
/// Exemplars (`IntExemplar`) are skipped as for the current kinds.
extension OTLPProtobufDecoder {
    static let stringKeyValueFields: [UInt32: String] = [1: "key", 2: "value"]

    /// A deprecated `StringKeyValue` label as a string attribute.
    mutating func decodeStringKeyValue() throws(ProtobufError) -> Attribute {
        var key = "", value = ""
        try decodeMessage(Self.stringKeyValueFields) { d, t throws(ProtobufError) in
            switch t {
            case 0x0A: key = try d.readString()
            case 0x12: value = try d.readString()
            default: try d.reader.skip(t)
            }
        }
        return Attribute(key: key, value: .string(value))
    }
}
