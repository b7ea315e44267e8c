import TelemetryModel
import Testing

@testable import TelemetryIngest

/// Inline expositions: Prometheus text 0.0.4 and OpenMetrics 1.0 (PrometheusTextFormat).
struct PrometheusTextTests {
    func series(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [MetricSeries] {
        decoded(text, sourceLocation: sourceLocation)?.snapshot.metrics ?? []
    }

    @Test func openMetricsCounterTakesCreatedAsStartAndJobAsService() throws {
        let file = try #require(
            decoded(
                """
                # TYPE http_requests counter
                # HELP http_requests Requests \\\\ served.
                http_requests_total{path="/a",job="api",instance="h:1"} 10 1700000000.5
                http_requests_created{path="/a",job="api",instance="h:1"} 1699999000.25 1700000000.5
                # EOF

                """))
        let s = try #require(file.snapshot.metrics.first)
        #expect(file.snapshot.metrics.count == 1)
        #expect(s.name == "http_requests_total")
        #expect(s.description == "Requests \\ served.")
        #expect(s.kind == .sum(monotonic: true, temporality: .cumulative))
        #expect(s.attributes == [Attribute(key: "path", value: .string("/a"))])
        #expect(
            file.snapshot.resources[Int(s.resourceIndex)].attributes == [
                Attribute(key: "service.instance.id", value: .string("h:1")),
                Attribute(key: "service.name", value: .string("api")),
            ])
        #expect(
            s.points
                == .number([
                    NumberPoint(
                        startTimeUnixNano: 1_699_999_000_250_000_000,
                        timeUnixNano: 1_700_000_000_500_000_000, value: 10)
                ]))
        #expect(file.warnings.isEmpty)
    }

    @Test func textFormatTimestampsAreMilliseconds() throws {
        let s = series("# TYPE m gauge\nm{x=\"1\"} 3.5 1700000000123\n")
        #expect(s.first?.points == .number([NumberPoint(timeUnixNano: 1_700_000_000_123_000_000, value: 3.5)]))
        #expect(s.first?.kind == .gauge)
    }

    @Test func specialValuesAndExponents() throws {
        let s = series("g{k=\"a\"} +Inf\ng{k=\"b\"} -Inf\ng{k=\"c\"} NaN\ng{k=\"d\"} 1.5e-3\n")
        let values = s.compactMap { series -> Double? in
            if case .number(let p) = series.points { return p.first?.value }
            return nil
        }
        #expect(values.count == 4)
        #expect(values[0] == .infinity)
        #expect(values[1] == -.infinity)
        #expect(values[2].isNaN)
        #expect(values[3] == 0.0015)
    }

    @Test func labelEscapesResolveAndUnknownEscapesStay() throws {
        let s = series(#"a{b="x\\y\"z\nw\q"} 1"# + "\n")
        #expect(s.first?.attributes == [Attribute(key: "b", value: .string("x\\y\"z\nw\\q"))])
    }

    @Test func histogramAssemblesBoundsAndPerBucketCounts() throws {
        let s = series(
            """
            # TYPE lat_seconds histogram
            # UNIT lat_seconds seconds
            lat_seconds_bucket{svc="a",le="0.1"} 1 # {trace_id="abc"} 0.05 1700000000.1
            lat_seconds_bucket{svc="a",le="1.0"} 3
            lat_seconds_bucket{svc="a",le="+Inf"} 4
            lat_seconds_count{svc="a"} 4
            lat_seconds_sum{svc="a"} 2.5
            lat_seconds_created{svc="a"} 1600000000
            # EOF
            """)
        let h = try #require(s.first)
        #expect(s.count == 1)
        #expect(h.name == "lat_seconds")
        #expect(h.unit == "seconds")
        #expect(h.kind == .histogram(temporality: .cumulative))
        #expect(h.attributes == [Attribute(key: "svc", value: .string("a"))])
        #expect(
            h.points
                == .histogram([
                    HistogramPoint(
                        startTimeUnixNano: 1_600_000_000_000_000_000, timeUnixNano: 0, count: 4, sum: 2.5,
                        explicitBounds: [0.1, 1.0], bucketCounts: [1, 2, 1])
                ]))
    }

    @Test func textHistogramBucketsAreSortedIncludingNegativeBounds() throws {
        let s = series(
            """
            # TYPE h histogram
            h_bucket{le="+Inf"} 9 1000
            h_bucket{le="1"} 5 1000
            h_bucket{le="-1"} 2 1000
            h_count 9 1000
            h_sum 3 1000
            """)
        #expect(
            s.first?.points
                == .histogram([
                    HistogramPoint(
                        timeUnixNano: 1_000_000_000, count: 9, sum: 3,
                        explicitBounds: [-1, 1], bucketCounts: [2, 3, 4])
                ]))
    }

    @Test func histogramPointsSplitByTimestamp() throws {
        let s = series(
            """
            # TYPE x histogram
            x_bucket{le="1"} 1 1.0
            x_bucket{le="+Inf"} 2 1.0
            x_bucket{le="1"} 3 2.0
            x_bucket{le="+Inf"} 5 2.0
            # EOF
            """)
        #expect(
            s.first?.points
                == .histogram([
                    HistogramPoint(timeUnixNano: 1_000_000_000, count: 2, explicitBounds: [1], bucketCounts: [1, 1]),
                    HistogramPoint(timeUnixNano: 2_000_000_000, count: 5, explicitBounds: [1], bucketCounts: [3, 2]),
                ]))
    }

    @Test func summaryQuantilesSortedWithCountAndSum() throws {
        let s = series(
            """
            # TYPE rpc summary
            rpc{quantile="0.99"} 0.3
            rpc{quantile="0.5"} 0.1
            rpc_sum 12.5
            rpc_count 42
            # EOF
            """)
        #expect(s.first?.kind == .summary)
        #expect(s.first?.attributes == [])
        #expect(
            s.first?.points
                == .summary([
                    SummaryPoint(
                        timeUnixNano: 0, count: 42, sum: 12.5,
                        quantiles: [
                            .init(quantile: 0.5, value: 0.1), .init(quantile: 0.99, value: 0.3),
                        ])
                ]))
    }

    @Test func gaugeHistogramInfoAndStatesetKinds() throws {
        let s = series(
            """
            # TYPE gh gaugehistogram
            gh_bucket{le="1.0"} 0
            gh_bucket{le="+Inf"} 3
            gh_gcount 3
            gh_gsum 2
            # TYPE build info
            build_info{version="1"} 1
            # TYPE st stateset
            st{st="on"} 1
            # EOF
            """)
        #expect(s.map(\.name) == ["gh", "build_info", "st"])
        #expect(s.map(\.kind) == [.histogram(temporality: .unspecified), .gauge, .gauge])
    }

    @Test func untypedSamplesAreNamedAndTypedByTheirSuffix() throws {
        let s = series("req_total 3 1.0\nreq_bucket{le=\"1\"} 2 1.0\ntemp 20 1.0\n# EOF\n")
        #expect(
            s.map(\.kind) == [.sum(monotonic: true, temporality: .cumulative), .sum(monotonic: true, temporality: .cumulative), .gauge])
        #expect(s[1].attributes == [Attribute(key: "le", value: .string("1"))])
    }

    @Test func samplesWithoutTimestampGetTheNewestTimestampOfTheFileAndANote() throws {
        let file = try #require(decoded("a 1\nb 2 5\n"))
        #expect(
            file.warnings.map(\.description) == [
                "t.json: note: 1 of 2 samples have no timestamp; they are placed at the newest timestamp in the file, 1970-01-01T00:00:00.005Z"
            ])
        #expect(file.snapshot.metrics.first?.points == .number([NumberPoint(timeUnixNano: 5_000_000, value: 1)]))
    }

    @Test func samplesOfBytesFromNoFileKeepTimeZeroAndSaySo() throws {
        let file = try #require(decoded("a 1\n"))
        #expect(
            file.warnings.map(\.description) == [
                "t.json: note: its one sample has no timestamp; it is placed at time 0 (1970-01-01T00:00:00Z), as the file has no modification time"
            ])
    }

    @Test func callerTimestampPlacesUntimedSamples() throws {
        let bytes = Array("a 1\n".utf8)
        let result = bytes.withUnsafeBufferPointer { PrometheusTextFormat.decode($0, file: "m.prom", defaultTimestampNanos: 42) }
        guard case .decoded(let file) = result else {
            Issue.record("failed")
            return
        }
        #expect(file.snapshot.metrics.first?.points == .number([NumberPoint(timeUnixNano: 42, value: 1)]))
        #expect(file.warnings.first?.severity == .note)
    }

    @Test(arguments: [
        ("a 1\n# EOF\nb 2\n", "t.json:3:1: error: content after '# EOF'; an OpenMetrics exposition ends there"),
        ("ok 1\na{b=1} 2\n", "t.json:2:5: error: expected '\"' to open the value of label 'b'"),
        ("ok 1\na 1x\n", "t.json:2:3: error: invalid sample value '1x'"),
        (
            "a 1 1.5\n",
            "t.json:1:8: error: missing '# EOF' at the end of an OpenMetrics exposition: the file reads as OpenMetrics but ends without it, so it was probably cut short (read as text format 0.0.4 instead, line 1 fails: invalid timestamp '1.5' (text format 0.0.4 timestamps are integer milliseconds))"
        ),
        ("a 1 5\nb 1 1.5x\n", "t.json:2:5: error: invalid timestamp '1.5x' (text format 0.0.4 timestamps are integer milliseconds)"),
        ("ok 1\na{b=\"1\",b=\"2\"} 1\n", "t.json:2:9: error: duplicate label 'b'"),
        ("# TYPE a gauge\n# TYPE a gauge\na 1\n# EOF\n", "t.json:2:1: error: second '# TYPE' line for 'a'"),
        (
            "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na 2\n# EOF\n",
            "t.json:5:1: error: sample 'a' belongs to metric family 'a', which ended earlier; OpenMetrics families must not be interleaved"
        ),
        ("a  1\n# EOF\n", "t.json:1:3: error: more than one space between tokens"),
        (
            "# a comment\na 1\n# EOF\n",
            "t.json:1:3: error: expected '# HELP', '# TYPE', '# UNIT' or '# EOF'; OpenMetrics allows no other comments"
        ),
        (
            "# TYPE a counter\na_total -1\n# EOF\n",
            "t.json:2:9: error: counter 'a_total' is -1; it must not be NaN or negative (OpenMetrics 1.0)"
        ),
        (
            "# TYPE a histogram\na_bucket{le=\"2\"} 1\na_bucket{le=\"1\"} 1\na_bucket{le=\"+Inf\"} 1\n# EOF\n",
            "t.json:3:1: error: bucket le=\"1\" comes after le=\"2\"; buckets must be in increasing order of le"
        ),
        (
            "# TYPE a histogram\na_bucket{le=\"1\"} 2\na_bucket{le=\"+Inf\"} 1\n# EOF\n",
            "t.json:3:21: error: bucket le=\"+Inf\" has 1, less than the 2 of the bucket before it; bucket values are cumulative"
        ),
        (
            "# TYPE a histogram\na_bucket{le=\"+Inf\"} 2\na_count 3\na_sum 1\n# EOF\n",
            "t.json:3:9: error: a_count is 3 but the +Inf bucket is 2; they must be equal"
        ),
        ("# TYPE a summary\na{quantile=\"1.5\"} 2\n# EOF\n", "t.json:2:1: error: quantile \"1.5\" is not a number between 0 and 1"),
        ("# TYPE a foo\n", "t.json:1:10: error: unknown metric type 'foo' for 'a'"),
        (
            "# TYPE a_seconds counter\n# UNIT a_seconds bytes\n# EOF\n",
            "t.json:2:18: error: unit 'bytes' is not a suffix of the metric name 'a_seconds'; OpenMetrics requires 'a_seconds_bytes'"
        ),
    ])
    func malformedExpositionsFailAtLineAndColumn(text: String, message: String) {
        #expect(failures(text).map(\.description) == [message])
    }

    @Test func textFormatToleratesBlanksTabsCommentsAndCRLF() throws {
        let s = series("# a comment\r\n\r\n# TYPE a gauge\r\na{ b = \"1\" , }\t2\t1000\r\n")
        #expect(s.first?.points == .number([NumberPoint(timeUnixNano: 1_000_000_000, value: 2)]))
        #expect(s.first?.attributes == [Attribute(key: "b", value: .string("1"))])
    }

    @Test func sniffClaimsExpositionsButNotJSON() {
        func sniff(_ s: String) -> Bool { Array(s.utf8).withUnsafeBufferPointer { PrometheusTextFormat.sniff($0) } }
        #expect(sniff("# HELP a x\n# TYPE a gauge\na 1\n"))
        #expect(sniff("up{job=\"x\"} 1 1700000000.5\n# EOF\n"))
        #expect(!sniff("{\"resourceSpans\":[]}"))
        #expect(!sniff("[{\"traceId\":\"1\"}]"))
        #expect(!sniff("# just a comment\n"))
        #expect(!sniff("hello world\n"))
    }

    @Test func timestampsConvertExactlyFromDecimalText() {
        #expect(PrometheusNumber.nanoseconds(fromSeconds: "1435781451.781") == 1_435_781_451_781_000_000)
        #expect(PrometheusNumber.nanoseconds(fromSeconds: "1.5e3") == 1_500_000_000_000)
        #expect(PrometheusNumber.nanoseconds(fromSeconds: "1604676851.123456789") == 1_604_676_851_123_456_789)
        #expect(PrometheusNumber.nanoseconds(fromSeconds: "0.0000000019") == 1)
        #expect(PrometheusNumber.nanoseconds(fromSeconds: "-1.5") == -1_500_000_000)
        #expect(PrometheusNumber.nanoseconds(fromSeconds: "000") == 0)
        #expect(PrometheusNumber.nanoseconds(fromSeconds: "12345678901234567890.1") == nil)
        #expect(PrometheusNumber.nanoseconds(fromSeconds: "1e") == nil)
        #expect(PrometheusNumber.nanoseconds(fromMilliseconds: "1700000000123") == 1_700_000_000_123_000_000)
        #expect(PrometheusNumber.nanoseconds(fromMilliseconds: "1.5") == nil)
    }
}

/// prometheus-text fuzzing found `rpc_durations_seconds_count 2226839813016714e+09` (a summary
/// count beyond UInt64) trapping the conversion to an integer count; histogram bucket and count
/// values past 2^64 (or +Inf) did the same. Now they read as UInt64.max with a warning.
@Suite struct PrometheusHugeCountTests {
    static func decode(_ text: String) -> FileDecodeResult {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { PrometheusTextFormat.decode($0, file: "m.prom") }
    }

    @Test func aSummaryCountBeyondUInt64IsClampedWithAWarning() throws {
        let result = Self.decode("# TYPE s summary\ns{quantile=\"0.5\"} 1\ns_sum 3\ns_count 2226839813016714e+09\n")
        guard case .decoded(let file) = result else {
            Issue.record("failed: \(result)")
            return
        }
        guard case .summary(let points)? = file.snapshot.metrics.first?.points else {
            Issue.record("no summary")
            return
        }
        #expect(points.map(\.count) == [UInt64.max])
        #expect(file.warnings.contains { $0.message.contains("beyond 2^64") })
    }

    @Test func histogramCountsBeyondUInt64AndInfinityAreClamped() throws {
        for big in ["1e30", "+Inf"] {
            let result = Self.decode("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} \(big)\nh_count \(big)\nh_sum 1\n")
            guard case .decoded(let file) = result else {
                Issue.record("\(big) failed: \(result)")
                continue
            }
            guard case .histogram(let points)? = file.snapshot.metrics.first?.points else {
                Issue.record("no histogram")
                continue
            }
            #expect(points.first?.bucketCounts == [1, UInt64.max], "\(big)")
            #expect(points.first?.count == UInt64.max, "\(big)")
            #expect(file.warnings.contains { $0.message.contains("beyond 2^64") }, "\(big)")
        }
    }
}
