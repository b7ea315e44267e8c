import TelemetryModel
import Vocabulary

/// Log records per time bucket by severity, per service, for the logs page's stacked bars
/// (issue 14). The bucket is one minute, or — when the records span more than
/// `maximumBuckets` minutes — the smallest of 2, 5, 10, 15, 30 minutes, 1, 2, 6, 12 hours or a
/// day that keeps at most `maximumBuckets` buckets; buckets are aligned to multiples of the step
/// in UTC and a record counts in the bucket [start, start + step) holding its timestamp. Records
/// without a timestamp (neither time nor observed time) are not counted.
public struct LogTimeline: Sendable {
    public struct Service: Sendable {
        public var name: String
        public var recordCount: Int
        /// counts[severity.rawValue][bucket].
        public var counts: [[Int]]
    }

    public static let steps: [Int64] = [60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400]
    public static let maximumBuckets = 240

    public var stepSeconds: Int64
    /// Bucket starts, unix seconds.
    public var bucketStarts: [Int64]
    /// Most records first, then by name.
    public var services: [Service]

    public init(_ snapshot: Snapshot) {
        let logs = snapshot.logs
        var lo = Int64.max, hi = Int64.min
        for i in logs.indices {
            let t = logs.timestamp(at: i)
            guard t != 0 else { continue }
            lo = min(lo, Math.floorDiv(t, 1_000_000_000))
            hi = max(hi, Math.floorDiv(t, 1_000_000_000))
        }
        guard lo <= hi else {
            stepSeconds = 60
            bucketStarts = []
            services = []
            return
        }
        let step = Self.steps.first { Math.floorDiv(hi, $0) - Math.floorDiv(lo, $0) + 1 <= Self.maximumBuckets } ?? Self.steps.last!
        let first = Math.floorDiv(lo, step) * step
        let count = Int(Math.floorDiv(hi, step) * step - first) / Int(step) + 1
        stepSeconds = step
        bucketStarts = (0..<count).map { first + Int64($0) * step }
        let index = ServiceIndex(snapshot)
        var perService = [[[Int]]?](repeating: nil, count: index.count)
        var records = [Int](repeating: 0, count: index.count)
        for i in logs.indices {
            let t = logs.timestamp(at: i)
            guard t != 0 else { continue }
            let b = Int((Math.floorDiv(t, 1_000_000_000) - first) / step)
            let s = index.id(ofResource: logs.resourceIndexes[i])
            if perService[s] == nil {
                perService[s] = Array(repeating: Array(repeating: 0, count: count), count: LogSeverity.allCases.count)
            }
            perService[s]![logs.severities[i].rawValue][b] += 1
            records[s] += 1
        }
        services = index.names.indices.compactMap { s in
            perService[s].map { Service(name: index.names[s], recordCount: records[s], counts: $0) }
        }.sorted { $0.recordCount != $1.recordCount ? $0.recordCount > $1.recordCount : $0.name < $1.name }
    }
}
