import Testing

@testable import TelemetryModel

/// Log records by column (issue 14): severity buckets as the data model defines them, values
/// in equal values out, merging and sorting that keep every field with its record.
@Suite struct LogTableTests {
    @Test func severityNumbersFallInTheDataModelsBucketsOfFour() {
        let expected: [(ClosedRange<Int>, LogSeverity)] = [
            (1...4, .trace), (5...8, .debug), (9...12, .info), (13...16, .warn),
            (17...20, .error), (21...24, .fatal),
        ]
        for (range, bucket) in expected {
            for n in range { #expect(LogSeverity(number: n, text: "") == bucket, "number \(n)") }
        }
        #expect(LogSeverity(number: 0, text: "") == .unspecified)
        #expect(LogSeverity(number: 25, text: "") == .unspecified)
        #expect(LogSeverity(number: -1, text: "") == .unspecified)
    }

    @Test func theNumberWinsOverTheTextWhenItIsSet() {
        #expect(LogSeverity(number: 9, text: "ERROR") == .info)
        #expect(LogSeverity(number: 17, text: "debug") == .error)
    }

    @Test func withoutANumberRecognisableTextGivesTheBucket() {
        let cases: [(String, LogSeverity)] = [
            ("TRACE", .trace), ("debug", .debug), ("Info", .info), ("INFO2", .info), ("information", .info), ("notice", .info),
            ("WARNING", .warn), ("warn", .warn), ("Error", .error), ("err", .error), ("CRITICAL", .fatal), ("fatal", .fatal),
            ("panic", .fatal), (" warn ", .warn), ("", .unspecified), ("loud", .unspecified), ("ERRORS", .unspecified),
        ]
        for (text, bucket) in cases { #expect(LogSeverity(number: 0, text: text) == bucket, "\(text)") }
    }

    static func record(_ time: Int64, _ text: String, severity: Int = 9, trace: UInt64 = 0, resource: Int32 = 0) -> LogRecord {
        LogRecord(
            timeUnixNano: time, observedTimeUnixNano: time + 1, severityNumber: severity, severityText: "INFO",
            body: .string(text), attributes: [Attribute(key: "k", value: .string(text)), Attribute(key: "n", value: .int(time))],
            resourceIndex: resource, scopeIndex: 0, traceID: TraceID(high: 0, low: trace), spanID: SpanID(trace))
    }

    @Test func aRecordReadBackHasEveryFieldItWasStoredWith() {
        let nested = LogRecord(
            timeUnixNano: 0, observedTimeUnixNano: 7, severityNumber: 0, severityText: "warning",
            body: .kvlist([Attribute(key: "a", value: .array([.int(1), .string("x")]))]),
            attributes: [], resourceIndex: 3, scopeIndex: 2, traceID: TraceID(high: 1, low: 2), spanID: SpanID(5))
        let table = LogTable([Self.record(10, "hello", trace: 4), nested])
        #expect(table[0] == Self.record(10, "hello", trace: 4))
        #expect(table[1] == nested)
        #expect(table.timestamp(at: 1) == 7)  // no time: the observed time
        #expect(table.severities == [.info, .warn])
        #expect(table.message(at: 0) == "hello")
        #expect(table.message(at: 1) == #"{"a": [1, "x"]}"#)
        #expect(table.attribute("n", at: 0) == .int(10))
        #expect(table.attribute("missing", at: 0) == nil)
        #expect(table.hasTraceContext(at: 0) && table.hasTraceContext(at: 1))
        #expect(!LogTable([Self.record(1, "x")]).hasTraceContext(at: 0))
    }

    /// A builder's first log table is taken as it is, renumbered; the second appended. Each
    /// record reads back as appending both to an empty table gives it, resources and scopes
    /// renumbered (an index past the part's resources kept), strings and nested values included.
    @Test func firstLogsTakenAsTheyAreReadBackAsAppended() {
        let res = { (name: String) in Resource(attributes: [Attribute(key: "service.name", value: .string(name))]) }
        let scope = { (name: String) in InstrumentationScope(name: name, version: "") }
        var first = LogTable([
            Self.record(10, "hello", resource: 1), Self.record(5, "world", resource: 0), Self.record(7, "x", resource: 9),
        ])
        first.append(
            LogRecord(
                timeUnixNano: 3, body: .kvlist([Attribute(key: "a", value: .array([.int(1)]))]), resourceIndex: 0, scopeIndex: 1))
        let second = LogTable([Self.record(20, "hello", resource: 0), Self.record(1, "other", resource: 1)])
        var b = SnapshotBuilder()
        _ = b.intern(res("spans-first"))  // the parts' resources are numbered after it
        _ = b.intern(scope("spans-scope"))
        b.add(first, resources: [res("a"), res("b")], scopes: [scope("s"), scope("t")])
        b.add(second, resources: [res("b"), res("c")], scopes: [scope("t")])
        let logs = b.finish().logs

        var expected = LogTable()
        expected.append(contentsOf: first, resourceMap: [1, 2], scopeMap: [1, 2])
        expected.append(contentsOf: second, resourceMap: [2, 3], scopeMap: [2])
        expected.sortByTime()
        #expect(logs.count == 6)
        #expect(logs.map { $0 } == expected.map { $0 })
        // By time: 1 (c), 3 (a), 5 (a), 7 (an index past the part's resources), 10 (b), 20 (b).
        #expect(logs.resourceIndexes == [3, 1, 1, 9, 2, 2])
        #expect(logs.scopeIndexes == [2, 2, 1, 1, 1, 2])
    }

    @Test func sortingByTimeKeepsEachRecordWholeAndTiesInArrivalOrder() {
        var table = LogTable([Self.record(30, "c"), Self.record(10, "a"), Self.record(30, "d"), Self.record(20, "b")])
        table.sortByTime()
        #expect(table.map { $0.body } == [.string("a"), .string("b"), .string("c"), .string("d")])
        #expect(table.map { $0.attributes[1].value } == [.int(10), .int(20), .int(30), .int(30)])
    }

    @Test func mergingMapsStringsArenaRangesResourcesAndScopes() {
        var a = LogTable([Self.record(1, "one", resource: 0)])
        let b = LogTable([
            Self.record(2, "two", resource: 0),
            LogRecord(
                timeUnixNano: 3, body: .array([.string("arr")]), attributes: [Attribute(key: "x", value: .kvlist([]))], resourceIndex: 1),
        ])
        a.append(contentsOf: b, resourceMap: [5, 6], scopeMap: [9])
        #expect(a.count == 3)
        #expect(a[0] == Self.record(1, "one"))
        var expected = Self.record(2, "two", resource: 5)
        expected.scopeIndex = 9
        #expect(a[1] == expected)
        #expect(
            a[2].body == .array([.string("arr")]) && a[2].attributes == [Attribute(key: "x", value: .kvlist([]))] && a[2].resourceIndex == 6
        )
        let picked = a.gathering([2, 0])
        #expect(picked.count == 2 && picked[0] == a[2] && picked[1] == a[0])
    }
}
