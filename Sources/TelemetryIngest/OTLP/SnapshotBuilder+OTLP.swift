import TelemetryModel

/// What both OTLP decoders (JSON and protobuf) do when a resource or scope message closes:
/// fields may come in any order, so its resource or scope is known only then, after the spans,
/// records or series it holds were appended. Interning here, in the same order for both
/// encodings, is what makes the same data give the same snapshot whichever encoding it came in.
extension SnapshotBuilder {
    /// The tables whose rows get their resource and scope once their message closes.
    enum DecodedRows {
        case spans, logs
    }

    /// How many rows the table holds, by a column's count: a table read from another module
    /// was copied whole (376 bytes) to be asked its own `count`, twice an envelope (issue 7,
    /// one trace a line).
    func count(of rows: DecodedRows) -> Int {
        switch rows {
        case .spans: spans.spanIDs.count
        case .logs: logs.times.count
        }
    }

    /// Interns `resource` and gives it to the rows from `first` to the end of the table;
    /// returns how many rows that is. Hashed by the decoder (`HashedValue`): the JSON decoder's
    /// repeated resources once for the file, not once for each run's builder.
    @discardableResult
    mutating func setResource(_ resource: HashedValue<Resource>, of rows: DecodedRows, from first: Int) -> Int {
        setResource(index: intern(resource), of: rows, from: first)
    }

    /// Gives the resource interned at `index` to the rows from `first` to the end of the table;
    /// returns how many rows that is. (The JSON decoder interns a resource it met before once,
    /// `InternedEntries`.)
    @discardableResult
    mutating func setResource(index: Int32, of rows: DecodedRows, from first: Int) -> Int {
        switch rows {
        case .spans: return spans.resourceIndexes.fill(from: first, with: index)
        case .logs: return Self.fill(&logs.resourceIndexes, from: first, with: index)
        }
    }

    /// Interns `scope` and gives it to the rows from `first` to the end of the table.
    mutating func setScope(_ scope: InstrumentationScope, of rows: DecodedRows, from first: Int) {
        setScope(index: intern(scope), of: rows, from: first)
    }

    /// Gives the scope interned at `index` to the rows from `first` to the end of the table.
    mutating func setScope(index: Int32, of rows: DecodedRows, from first: Int) {
        switch rows {
        case .spans: spans.scopeIndexes.fill(from: first, with: index)
        case .logs: Self.fill(&logs.scopeIndexes, from: first, with: index)
        }
    }

    /// Adds series decoded before their resource was known, each given `resource`; returns how
    /// many points they hold.
    mutating func add(_ series: [MetricSeries], resource: HashedValue<Resource>) -> Int {
        add(series, resourceIndex: intern(resource))
    }

    /// Adds series decoded before their resource was known, each given the resource interned
    /// at `index`; returns how many points they hold.
    mutating func add(_ series: [MetricSeries], resourceIndex index: Int32) -> Int {
        var points = 0
        for var s in series {
            s.resourceIndex = index
            points += s.points.count
            add(s)
        }
        return points
    }

    /// Sets `column` from `first` to its end to `value`; returns how many entries that is.
    @discardableResult
    private static func fill(_ column: inout [Int32], from first: Int, with value: Int32) -> Int {
        for i in first..<column.count { column[i] = value }
        return column.count - first
    }
}
