import TelemetryModel

/// What the data points of every metric kind have besides their attributes: the start and end
/// of the interval they describe. Lets both OTLP decoders read the fields all points share in
/// one place (`decodePoint`), whatever the kind.
protocol OTLPDataPoint {
    var startTimeUnixNano: Int64 { get set }
    var timeUnixNano: Int64 { get set }
}

extension NumberPoint: OTLPDataPoint {}
extension HistogramPoint: OTLPDataPoint {}
extension ExponentialHistogramPoint: OTLPDataPoint {}
extension SummaryPoint: OTLPDataPoint {}
