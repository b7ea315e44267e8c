import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// A `--from`/`--to` bound: an RFC 3339 time, or a duration before the snapshot's latest
/// timestamp (`-15m`, `-2h`, `-30s`, `-1d`), so a report of "the last 15 minutes" needs no clock.
enum TimeBound {
    case absolute(Int64)
    case beforeEnd(Int64)

    init?(_ text: String) {
        if let t = UTCTime.parseRFC3339(text) {
            self = .absolute(t)
            return
        }
        // A span longer than Int64 nanoseconds (~292 years) is not a time range: the reader
        // refuses it rather than overflow (found by Scripts/fuzz.sh time-bound).
        guard text.hasPrefix("-"), let nanos = try? DurationText.nanoseconds(text.dropFirst(), .lookBack) else { return nil }
        self = .beforeEnd(nanos)
    }

    func resolve(end: Int64) -> Int64 {
        switch self {
        case .absolute(let t): return t
        case .beforeEnd(let d):
            let (t, overflow) = end.subtractingReportingOverflow(d)
            return overflow ? Int64.min : t
        }
    }

    /// Keeps spans that start within [from, to] and metric points timed within it.
    static func filter(_ snapshot: Snapshot, from: TimeBound?, to: TimeBound?) -> Snapshot {
        // "Relative to the snapshot's end": the same end the report shows (spans and every kind of metric point).
        let end = SnapshotAnalysis.timeRange(snapshot)?.upperBound ?? Int64.min
        let lo = from?.resolve(end: end) ?? Int64.min
        let hi = to?.resolve(end: end) ?? Int64.max
        var result = snapshot
        let starts = snapshot.spans.startTimes
        result.spans = snapshot.spans.gathering(starts.indices.filter { starts[$0] >= lo && starts[$0] <= hi })
        // A log record is kept when its timestamp (time, else observed time) is in the range.
        let logs = snapshot.logs
        result.logs = logs.gathering(logs.indices.filter { logs.timestamp(at: $0) >= lo && logs.timestamp(at: $0) <= hi })
        result.metrics = snapshot.metrics.compactMap { series in
            var s = series
            switch series.points {
            case .number(let p): s.points = .number(p.filter { $0.timeUnixNano >= lo && $0.timeUnixNano <= hi })
            case .histogram(let p): s.points = .histogram(p.filter { $0.timeUnixNano >= lo && $0.timeUnixNano <= hi })
            case .exponentialHistogram(let p): s.points = .exponentialHistogram(p.filter { $0.timeUnixNano >= lo && $0.timeUnixNano <= hi })
            case .summary(let p): s.points = .summary(p.filter { $0.timeUnixNano >= lo && $0.timeUnixNano <= hi })
            }
            return s.points.count > 0 ? s : nil
        }
        return result
    }
}
