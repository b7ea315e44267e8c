import Foundation
import TelemetryModel
import Testing
import Vocabulary

@testable import TelemetryIngest

/// Every file under `../shared/corpus/prometheus` (SOURCES.md "prometheus"): the OpenMetrics
/// suite's must-fail cases fail at their fault, everything else loads with the sample and
/// family counts SOURCES.md gives.
@Suite(.enabled(if: corpusFolder() != nil, "../shared/corpus not found"))
struct PrometheusCorpusTests {
    static let root = corpusFolder()?.appendingPathComponent("prometheus").path ?? ""

    func outcome(_ relative: String) -> SnapshotLoader.FileOutcome {
        SnapshotLoader.decodeFile(Self.root + "/" + relative)
    }

    func loaded(_ relative: String, sourceLocation: SourceLocation = #_sourceLocation) -> (DecodedFile, String)? {
        switch outcome(relative) {
        case .decoded(let file, let format): return (file, format)
        case .failed(let problems):
            Issue.record("\(relative) failed: \(problems.map(\.description))", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// Families with a `# TYPE` line and sample lines, straight from the parser.
    func counts(_ relative: String) throws -> (families: Int, samples: Int) {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.root + "/" + relative))
        return try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var parser = PrometheusTextParser(bytes: bytes, openMetrics: PrometheusTextParser.hasEOFLine(bytes))
            try parser.parse()
            return (parser.families.filter { !$0.type.isEmpty }.count, parser.sampleCount)
        }
    }

    @Test(arguments: [
        ("bad_counter_values_0.om.txt", "2:9: error: counter 'a_total' is NaN; it must not be NaN or negative (OpenMetrics 1.0)"),
        ("bad_histograms_0.om.txt", "2:1: error: histogram a has no le=\"+Inf\" bucket; every histogram point must end with one"),
        (
            "bad_histograms_3.om.txt",
            "4:1: error: histogram a has buckets with negative thresholds and a _sum; OpenMetrics 1.0 forbids the sum then, as it is no longer a counter"
        ),
    ])
    func openMetricsMustFailCasesFailAtTheirFault(file: String, message: String) {
        let path = "openmetrics-testsuite/" + file
        guard case .failed(let problems) = outcome(path) else {
            Issue.record("\(file) loaded")
            return
        }
        #expect(problems.map(\.description) == [Self.root + "/" + path + ":" + message])
    }

    /// (file, families, samples, series, points) — families and samples as in SOURCES.md.
    @Test(arguments: [
        ("counter_exemplars.om.txt", 1, 1, 1, 1), ("counter_unit.om.txt", 1, 2, 1, 1),
        ("escaping.om.txt", 1, 4, 4, 4), ("histogram_exemplars.om.txt", 1, 3, 1, 1),
        ("histogram_noncanonical.om.txt", 1, 14, 1, 1), ("info_timestamps.om.txt", 1, 2, 2, 2),
        ("label_escaping.om.txt", 10, 10, 10, 10), ("labels_and_infinite.om.txt", 1, 2, 2, 2),
        ("nan.om.txt", 0, 1, 1, 1), ("negative_bucket_histogram.om.txt", 1, 3, 1, 1),
        ("no_metadata.om.txt", 0, 1, 1, 1), ("roundtrip.om.txt", 9, 40, 17, 17),
        ("simple_gaugehistogram.om.txt", 1, 4, 1, 1), ("simple_histogram.om.txt", 1, 4, 1, 1),
        ("simple_stateset.om.txt", 1, 2, 2, 2), ("simple_summary.om.txt", 1, 2, 1, 1),
        ("summary_quantiles.om.txt", 1, 4, 1, 1), ("timestamps.om.txt", 2, 6, 5, 5),
        ("uint64_counter.om.txt", 1, 1, 1, 1), ("untyped.om.txt", 1, 2, 2, 2),
    ])
    func openMetricsShouldParseCasesLoad(file: String, families: Int, samples: Int, series: Int, points: Int) throws {
        let path = "openmetrics-testsuite/" + file
        let (decoded, format) = try #require(loaded(path))
        #expect(format == "prometheus-text")
        #expect(decoded.snapshot.metrics.count == series)
        #expect(decoded.metricPointCount == points)
        #expect(decoded.warnings.allSatisfy { $0.severity != .error })
        let parsed = try counts(path)
        #expect(parsed.families == families)
        #expect(parsed.samples == samples)
    }

    @Test(arguments: [
        ("node_exporter-e2e-output.prom.txt", 1228, 3027, 3027, 3027),
        ("prometheus-textparse-1histogram.om.txt", 1, 42, 3, 3),
        ("prometheus-textparse-alltypes.237mfs.prom.txt", 237, 1857, 641, 641),
        ("promtool-dump-openmetrics-roundtrip-test.prom", 0, 14, 7, 14),
        ("promtool-metrics-test.prom", 4, 27, 7, 7),
    ])
    func expositionFilesLoad(file: String, families: Int, samples: Int, series: Int, points: Int) throws {
        let path = "exposition/" + file
        let (decoded, _) = try #require(loaded(path))
        #expect(decoded.snapshot.metrics.count == series)
        #expect(decoded.metricPointCount == points)
        let parsed = try counts(path)
        #expect(parsed.families == families)
        #expect(parsed.samples == samples)
    }

    /// The one conflict in the brief: client_golang writes a `_sum` for histograms with negative
    /// buckets (and negative summary sums), which OpenMetrics 1.0 forbids and the test suite's
    /// bad_histograms_3 rejects. We follow the spec; the file still parses line by line.
    @Test func alltypes5mfsParsesButBreaksTheNegativeBucketSumRule() throws {
        let path = "exposition/prometheus-textparse-alltypes.5mfs.om.txt"
        let parsed = try counts(path)
        #expect(parsed.families == 5)
        #expect(parsed.samples == 53)
        guard case .failed(let problems) = outcome(path) else {
            Issue.record("loaded")
            return
        }
        #expect(problems.map(\.line) == [33])
    }

    @Test func alltypes237HistogramsAndSummariesAreAssembled() throws {
        let (decoded, _) = try #require(loaded("exposition/prometheus-textparse-alltypes.237mfs.prom.txt"))
        let chunk = try #require(decoded.snapshot.metrics.first { $0.name == "prometheus_tsdb_compaction_chunk_size_bytes" })
        guard case .histogram(let points) = chunk.points, let p = points.first else {
            Issue.record("not a histogram")
            return
        }
        #expect(p.count == p.bucketCounts.reduce(0, +))
        #expect(p.explicitBounds.count + 1 == p.bucketCounts.count)
        #expect(decoded.snapshot.metrics.filter { $0.kind == .summary }.count > 0)
    }

    @Test func promtoolDumpKeepsEverySampleTimestampExactly() throws {
        let (decoded, _) = try #require(loaded("exposition/promtool-dump-openmetrics-roundtrip-test.prom"))
        #expect(decoded.warnings.isEmpty)
        let up = try #require(
            decoded.snapshot.metrics.first {
                $0.name == "up" && decoded.snapshot.resources[Int($0.resourceIndex)].serviceName == "example2"
            })
        #expect(
            up.points
                == .number([
                    NumberPoint(timeUnixNano: 1_700_226_034_330_000_000, value: 1),
                    NumberPoint(timeUnixNano: 1_700_226_094_329_000_000, value: 1),
                ]))
        let buckets = decoded.snapshot.metrics.filter { $0.name == "my_histogram_bucket" }
        #expect(buckets.map(\.kind) == [.sum(monotonic: true, temporality: .cumulative), .sum(monotonic: true, temporality: .cumulative)])
    }

    /// (file, series, points, diagnostics as severities)
    @Test(arguments: [
        ("jaeger-empty_response.json", 0, 0, [Diagnostic.Severity]()),
        ("jaeger-service_datapoint_response.json", 1, 1, []),
        ("jaeger-service_span_name_datapoint_response.json", 1, 1, []),
        ("jaeger-warning_response.json", 0, 0, [.warning, .warning]),
        ("prometheus-docs-query-instant-vector.json", 2, 2, []),
        ("prometheus-docs-query_exemplars.json", 0, 0, [.note]),
        ("prometheus-docs-query_range-matrix.json", 2, 6, []),
    ])
    func apiJSONFilesLoad(file: String, series: Int, points: Int, severities: [Diagnostic.Severity]) throws {
        let (decoded, format) = try #require(loaded("api-json/" + file))
        #expect(format == "prometheus-api-json")
        #expect(decoded.snapshot.metrics.count == series)
        #expect(decoded.metricPointCount == points)
        #expect(decoded.warnings.map(\.severity) == severities)
    }

    @Test func queryRangeMatrixFromTheDocsHasExactTimes() throws {
        let (decoded, _) = try #require(loaded("api-json/prometheus-docs-query_range-matrix.json"))
        let node = try #require(decoded.snapshot.metrics.first { decoded.snapshot.resources[Int($0.resourceIndex)].serviceName == "node" })
        #expect(node.name == "up")
        #expect(
            node.points
                == .number([
                    NumberPoint(timeUnixNano: 1_435_781_430_781_000_000, value: 0),
                    NumberPoint(timeUnixNano: 1_435_781_445_781_000_000, value: 0),
                    NumberPoint(timeUnixNano: 1_435_781_460_781_000_000, value: 1),
                ]))
    }

    /// SOURCES.md: a `[[label pairs], [[ts, value], …]]` dump, not a Prometheus format. We do
    /// not guess at it; it is reported as unrecognised.
    @Test func openSearchSeriesDumpIsNotRecognised() {
        guard case .failed(let problems) = outcome("other/opensearch-apm-processed_latency_bucket_metrics.json") else {
            Issue.record("claimed by a format")
            return
        }
        #expect(problems.count == 1)
        #expect(problems.first?.message.hasPrefix("not a recognised telemetry format") == true)
    }
}
