import TelemetryModel
import Testing
import Vocabulary

@testable import TelemetryAnalysis

/// Message patterns: what is masked, and how records are counted under them (issue 14).
@Suite struct LogPatternsTests {
    @Test func masksEachKindOfVariablePart() {
        let cases: [(String, String)] = [
            (
                "Receive ListRecommendations for product ids:['OLJCESPC7Z', '66VCHSJNUP']",
                "Receive ListRecommendations for product ids:['<*>', '<*>']"
            ),
            (#"user "alice" logged in"#, #"user "<*>" logged in"#),
            ("request 42 took 3.14 s from 10.0.0.1", "request <num> took <num> s from <num>"),
            ("balance -17 now", "balance <num> now"),
            ("trace 5b8efff798038103d269b633813fc60c span eee19b7e", "trace <hex> span <hex>"),
            ("pointer 0x7ffd1234 freed", "pointer <hex> freed"),
            ("session 123e4567-e89b-12d3-a456-426614174000 ended", "session <uuid> ended"),
            ("product OLJCESPC7Z missing", "product <id> missing"),
            ("timeout after 250ms for user42", "timeout after <num>ms for user<num>"),
            ("cache miss.", "cache miss."),
            ("it's fine", "it's fine"),  // an unclosed quote is kept as it is
            ("deadbeef is a word, cafe too", "deadbeef is a word, cafe too"),  // hex letters alone are words
            ("node-1.example.com up", "node-<num>.example.com up"),
        ]
        for (input, expected) in cases {
            #expect(LogPatterns.mask(input) == expected, "\(input)")
            // The byte path for ASCII lines gives the same.
            #expect(LogPatterns.maskedFirstLine(input) == expected, "\(input)")
        }
    }

    /// The ASCII path (`ASCIIMask`) against the generic one, `mask(firstLine(_:))`, on random
    /// lines built from the characters the rules look at: hex and other letters, digits, `0x`,
    /// hyphens, dots, quotes, underscores, spaces, line breaks and runs long enough to meet the
    /// 300-character cut; lines with a non-ASCII character go the generic way.
    @Test func theASCIIPathMasksEveryLineAsTheGenericOneDoes() {
        var random = SplitMix64(seed: 2026)
        let pieces = [
            "a", "F", "x", "0x", "0", "7", "42", "-", ".", "_", " ", "'", "\"", "\n", "\r", "deadbeef", "OLJCESPC7Z",
            "123e4567-e89b-12d3-a456-426614174000", "10.0.0.1", "-17", "user42", "250ms", "Z", "q", ":", "/", "=",
            "5b8efff798038103d269b633813fc60c", "é", "\u{0}",
        ]
        var ascii = 0
        for _ in 0..<3000 {
            let count = Int(random.next() % 40) + (random.next() % 10 == 0 ? 200 : 0)
            var line = ""
            for _ in 0..<count {
                // é only now and then, so most lines take the ASCII path.
                var piece = pieces[Int(random.next() % UInt64(pieces.count))]
                if piece == "é" && random.next() % 8 != 0 { piece = "e" }
                line += piece
            }
            if line.unicodeScalars.prefix(while: { $0 != "\n" && $0 != "\r" }).allSatisfy(\.isASCII) { ascii += 1 }
            #expect(LogPatterns.maskedFirstLine(line) == LogPatterns.mask(LogPatterns.firstLine(line)), "\(line.debugDescription)")
        }
        #expect(ascii > 2000)
    }

    @Test func recordsCountUnderTheirPatternWithFirstLastSeenServicesAndAnExample() {
        let t0 = Fixtures.t0
        var b = SnapshotBuilder()
        for s in ["api", "worker"] { _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string(s))])) }
        func add(_ ms: Int64, _ text: String, _ service: Int32) {
            b.logs.append(LogRecord(timeUnixNano: t0 + ms * 1_000_000, severityNumber: 9, body: .string(text), resourceIndex: service))
        }
        add(30, "cache miss for 'A1B2C3D4E5'", 1)
        add(10, "cache miss for 'ZZZZ'\nsecond line ignored", 0)
        add(20, "started", 0)
        add(40, "cache miss for 'Q'", 0)
        let snap = b.finish()
        let top = LogPatterns.top(snap)
        // Sorted by time: 10 (api), 20, 30 (worker), 40 (api).
        #expect(top.map(\.pattern) == ["cache miss for '<*>'", "started"])
        #expect(top[0].count == 3 && top[0].firstSeen == t0 + 10_000_000 && top[0].lastSeen == t0 + 40_000_000)
        #expect(top[0].services == ["api", "worker"])
        #expect(top[0].example == 0 && snap.logs.message(at: top[0].example).hasPrefix("cache miss for 'ZZZZ'"))
        #expect(top[1].count == 1 && top[1].services == ["api"])
        #expect(LogPatterns.top(snap, limit: 1).count == 1)
    }

    /// A pattern's services are names: two resources of one service (two pods) are one, and a
    /// record whose resource index names no resource is `unknown_service`'s, as is a resource
    /// named so.
    @Test func aPatternsServicesAreTheirNamesOnce() {
        var b = SnapshotBuilder()
        for (s, pod) in [("api", "a"), ("api", "b"), ("unknown_service", "c"), ("worker", "d")] {
            _ = b.intern(
                Resource(attributes: [
                    Attribute(key: "service.name", value: .string(s)), Attribute(key: "k8s.pod.name", value: .string(pod)),
                ]))
        }
        for (k, r) in [Int32(1), 0, 9, 2, 1].enumerated() {
            b.logs.append(
                LogRecord(timeUnixNano: Fixtures.t0 + Int64(k) * 1_000_000, severityNumber: 9, body: .string("ok \(k)"), resourceIndex: r))
        }
        b.logs.append(LogRecord(timeUnixNano: Fixtures.t0 + 9_000_000, severityNumber: 9, body: .string("other"), resourceIndex: 3))
        let top = LogPatterns.top(b.finish())
        #expect(top.map(\.pattern) == ["ok <num>", "other"])
        #expect(top[0].count == 5 && top[0].services == ["api", "unknown_service"])
        #expect(top[1].services == ["worker"])
    }

    /// String bodies are told apart by their string id, other bodies by their text: a repeated
    /// message, the same message in two spellings of one character, and a body of another kind
    /// whose text equals a string body's all count under one pattern.
    @Test func equalMessagesCountTogetherWhateverTheirBodysKind() {
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("api"))]))
        func add(_ ms: Int64, _ body: AttributeValue) {
            b.logs.append(LogRecord(timeUnixNano: Fixtures.t0 + ms * 1_000_000, severityNumber: 9, body: body, resourceIndex: 0))
        }
        add(1, .string("caf\u{E9} closed"))
        add(2, .string("cafe\u{301} closed"))
        add(3, .string("caf\u{E9} closed"))
        add(4, .int(42))
        add(5, .string("42"))
        let top = LogPatterns.top(b.finish())
        #expect(top.map(\.count) == [3, 2])
        #expect(top.map(\.example) == [0, 3])
    }
}

/// Records per bucket by severity for the logs page's bars.
@Suite struct LogTimelineTests {
    @Test func oneMinuteBucketsAlignedToTheMinuteCountEachRecordOnce() {
        // t0 = 22:13:20 UTC. Records at +0 s (INFO), +39 s (ERROR), +40 s (INFO: 22:14:00, the next
        // minute), +130 s (WARN: 22:15:30), and one without a timestamp (not counted).
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("api"))]))
        for (s, sev) in [(0, 9), (39, 17), (40, 9), (130, 13)] {
            b.logs.append(LogRecord(timeUnixNano: Fixtures.t0 + Int64(s) * 1_000_000_000, severityNumber: sev))
        }
        b.logs.append(LogRecord(severityNumber: 9))
        let t = LogTimeline(b.finish())
        let minute = Fixtures.t0 / 1_000_000_000 / 60 * 60
        #expect(t.stepSeconds == 60)
        #expect(t.bucketStarts == [minute, minute + 60, minute + 120])
        #expect(t.services.count == 1 && t.services[0].recordCount == 4)
        #expect(t.services[0].counts[LogSeverity.info.rawValue] == [1, 1, 0])
        #expect(t.services[0].counts[LogSeverity.error.rawValue] == [1, 0, 0])
        #expect(t.services[0].counts[LogSeverity.warn.rawValue] == [0, 0, 1])
    }

    @Test func aLongSpanTakesACoarserStep() {
        // 10 hours: 600 minutes > 240 buckets; 5 min gives 121 buckets… but 2 min gives 301: 5 min.
        var b = SnapshotBuilder()
        let start = Int64(1_700_000_400) * 1_000_000_000  // a multiple of 5 minutes
        b.logs.append(LogRecord(timeUnixNano: start, severityNumber: 9))
        b.logs.append(LogRecord(timeUnixNano: start + 36_000 * 1_000_000_000, severityNumber: 9))
        let t = LogTimeline(b.finish())
        #expect(t.stepSeconds == 300)
        #expect(t.bucketStarts.count == 121)
    }
}
