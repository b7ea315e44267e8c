import TelemetryModel

/// Counts of a snapshot's log records for `report.json`'s `logs` and the overview (issue 14):
/// records by severity bucket (`LogSeverity`), how many carry trace context, and per service
/// (the record's resource's `service.name`) records and ERROR + FATAL records.
public struct LogStatistics: Sendable, Equatable {
    public struct Service: Sendable, Equatable {
        public var name: String
        public var recordCount: Int
        /// ERROR + FATAL records.
        public var errorCount: Int
    }

    public var recordCount: Int
    /// Every bucket, zero when no record falls in it.
    public var bySeverity: [LogSeverity: Int]
    /// Records with a non-zero trace id.
    public var withTraceContext: Int
    /// Sorted by name.
    public var services: [Service]

    public init(_ snapshot: Snapshot) {
        let logs = snapshot.logs
        recordCount = logs.count
        var counts = [Int](repeating: 0, count: LogSeverity.allCases.count)
        var traced = 0
        let index = ServiceIndex(snapshot)
        var perService = [(records: Int, errors: Int)](repeating: (0, 0), count: index.count)
        for i in logs.indices {
            let s = logs.severities[i]
            counts[s.rawValue] += 1
            if logs.hasTraceContext(at: i) { traced += 1 }
            let id = index.id(ofResource: logs.resourceIndexes[i])
            perService[id].records += 1
            if s.isError { perService[id].errors += 1 }
        }
        bySeverity = Dictionary(uniqueKeysWithValues: LogSeverity.allCases.map { ($0, counts[$0.rawValue]) })
        withTraceContext = traced
        services = index.names.indices.filter { perService[$0].records > 0 }
            .map { Service(name: index.names[$0], recordCount: perService[$0].records, errorCount: perService[$0].errors) }
            .sorted { $0.name < $1.name }
    }
}
