import TelemetryModel
import Testing

@testable import DashboardConfig
@testable import TelemetryAnalysis

/// The PromQL a metric panel sends, and how the answers become series, against a fake server.
@Suite struct PrometheusPanelTests {
    final class FakeServer: PrometheusQuerying, @unchecked Sendable {
        var sourceDescription: String { "prometheus http://fake" }
        var asked: [String] = []
        func series(_ selectors: [String], startSeconds: Int64, endSeconds: Int64) throws -> [[String: String]] {
            asked.append("series " + selectors.joined(separator: " | "))
            return [
                ["__name__": "process_cpu_seconds_total", "job": "svc", "instance": "a", "type": "user"],
                ["__name__": "process_cpu_seconds_total", "job": "svc", "instance": "a", "type": "system"],
            ]
        }
        func queryRange(_ query: String, startSeconds: Int64, endSeconds: Int64, stepSeconds: Int64) throws -> [PrometheusSeries] {
            asked.append("range \(query) step \(stepSeconds)")
            if query.hasPrefix("sum(") {
                return [PrometheusSeries(labels: [:], samples: [.init(timeMillis: 60_000, value: 30)])]
            }
            return [
                PrometheusSeries(labels: ["job": "svc", "instance": "a", "type": "user"], samples: [.init(timeMillis: 60_000, value: 20)]),
                PrometheusSeries(
                    labels: ["job": "svc", "instance": "a", "type": "system"], samples: [.init(timeMillis: 120_000, value: 10)]),
            ]
        }
        func query(_ query: String, timeSeconds: Int64) throws -> [PrometheusSeries] {
            asked.append("query \(query) at \(timeSeconds)")
            let samples = (0..<10).map { PrometheusSeries.Sample(timeMillis: Int64($0) * 15_000, value: Double($0)) }
            return [
                PrometheusSeries(
                    labels: ["__name__": "process_cpu_seconds_total", "job": "svc", "instance": "a", "type": "user"], samples: samples),
                PrometheusSeries(
                    labels: ["__name__": "process_cpu_seconds_total", "job": "svc", "instance": "a", "type": "system"], samples: samples),
            ]
        }
    }

    @Test func aRatePanelAsksForTheFirstNameWithSeriesThenRateTimesScaleAndItsSum() throws {
        let server = FakeServer()
        let backend = PrometheusBackend(api: server)
        let grid = TimeGrid(stepSeconds: 60, startNanos: 0, endNanos: 120_000_000_000)
        let query = MetricPanelEvaluator.Query(
            id: "cpu", title: "CPU", unit: "percent",
            names: ["process.cpu.time", "process_cpu_seconds_total"],
            matchers: [LabelMatcher(label: "service.name", op: .equal, value: "svc")],
            transform: .rate, by: nil, total: true, scale: 100, windowSeconds: nil, method: nil, service: "svc")
        let panel = PrometheusPanelEvaluator(backend: backend, grid: grid).panel(query)
        #expect(backend.failure == nil)
        // process.cpu.time cannot be a Prometheus name; the 15 s interval gives max(60 + 15, 4 × 15) = 75 s.
        #expect(
            server.asked == [
                #"series process_cpu_seconds_total{job="svc"}"#,
                #"query process_cpu_seconds_total{job="svc"}[420s] at 120"#,
                #"range rate(process_cpu_seconds_total{job="svc"}[75s]) * 100 step 60"#,
                #"range sum(rate(process_cpu_seconds_total{job="svc"}[75s]) * 100) step 60"#,
            ])
        #expect(panel.source == "prometheus http://fake")
        #expect(panel.windowSeconds == 75)
        #expect(panel.series.map(\.name) == ["system", "user", "total"])
        #expect(panel.series[0].labels == ["type": "system", "instance": "a"])
        #expect(panel.series[0].points.map(\.value) == [nil, nil, 10])
        #expect(panel.series[1].points.map(\.value) == [nil, 20, nil])
        #expect(panel.series[2].points.map(\.value) == [nil, 30, nil])
    }

    @Test func labelKeysAndValuesAreWrittenAsPromQLReadsThem() {
        #expect(PromQLText.labelName("service.name") == "job")
        #expect(PromQLText.labelName("service.instance.id") == "instance")
        #expect(PromQLText.labelName("http.route") == "http_route")
        #expect(PromQLText.labelName("2xx") == "key_2xx")
        #expect(PromQLText.quoted("a\"b\\c\nd") == #""a\"b\\c\nd""#)
        #expect(PromQLText.matcher(LabelMatcher(label: "span.name", op: .matchesRegex, value: #"GET /\d+"#)) == #"span_name=~"GET /\\d+""#)
        #expect(PromQLText.isMetricName("traces_span_metrics_calls_total"))
        #expect(!PromQLText.isMetricName("traces.span.metrics.calls"))
        #expect(!PromQLText.isMetricName("1abc"))
    }
}
