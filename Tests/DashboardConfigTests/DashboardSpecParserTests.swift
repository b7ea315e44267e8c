import Foundation
import TelemetryAnalysis
import TelemetryModel
import Testing

@testable import DashboardConfig

/// The YAML format: every transform and matcher kind read to exact values, and every kind of
/// mistake reported at its exact line and column with the path of the field.
@Suite struct DashboardSpecParserTests {
    static let full = """
        dashboards:
          - id: custom
            title: "{service}: custom"
            fallbackTitle: Custom
            summary: Everything the format can say.
            panels:
              - title: Raw
                unit: bytes
                metric: mem
              - id: rates
                title: Rate
                unit: perSecond
                metric: [a, b]
                match: {service.name: "{service}", state: "!=idle", host: "=~web-[0-9]+", pool: "!~test.*", code: 200}
                transform: rate
                by: [state]
                total: true
                scale: 100
                window: 2m
                method: "rate({metric}[{window}s])"
                markersFrom: quantiles
              - title: Increase
                unit: count
                metric: c
                transform: increase
                window: 45
              - id: quantiles
                title: Quantiles
                unit: seconds
                metric: h
                transform: histogram_quantile 0.5, 0.99
                by: []
              - title: Sum by
                unit: ratio
                metric: g
                transform: sum by (state, pool)
              - title: Sum
                unit: percent
                metric: g
                transform: sum
              - title: "{service} latency"
                unit: ms
                forEach: service
                source: spans
                transform: latency_percentiles p50 p99.9
              - title: Errors
                unit: percent
                source: spans
                match: {service.name: "=~front.*"}
                transform: error_rate
              - title: Requests
                unit: perSecond
                source: spans
                transform: request_rate
        """

    @Test func readsEveryTransformAndMatcher() throws {
        let spec = try DashboardSpec.parse(Self.full, file: "d.yaml")
        #expect(spec.dashboards.count == 1)
        let d = spec.dashboards[0]
        #expect(d.id == "custom" && d.title == "{service}: custom" && d.fallbackTitle == "Custom")
        #expect(d.summary == "Everything the format can say.")
        let p = d.panels
        #expect(p.count == 9)
        #expect(p[0] == PanelDefinition(title: "Raw", unit: "bytes", source: .metric(["mem"]), transform: .raw))
        #expect(
            p[1]
                == PanelDefinition(
                    id: "rates", title: "Rate", unit: "perSecond", source: .metric(["a", "b"]),
                    matchers: [
                        LabelMatcher(label: "service.name", op: .equal, value: "{service}"),
                        LabelMatcher(label: "state", op: .notEqual, value: "idle"),
                        LabelMatcher(label: "host", op: .matchesRegex, value: "web-[0-9]+"),
                        LabelMatcher(label: "pool", op: .notMatchesRegex, value: "test.*"),
                        LabelMatcher(label: "code", op: .equal, value: "200"),
                    ],
                    transform: .rate, by: ["state"], total: true, scale: 100, windowSeconds: 120,
                    method: "rate({metric}[{window}s])", markersFrom: "quantiles"))
        #expect(p[2].transform == .increase && p[2].windowSeconds == 45 && p[2].unit == "count")
        #expect(p[3].transform == .histogramQuantile([0.5, 0.99]) && p[3].by == [])
        #expect(p[4].transform == .sum(by: ["state", "pool"]) && p[4].by == nil)
        #expect(p[5].transform == .sum(by: []))
        #expect(
            p[6]
                == PanelDefinition(
                    title: "{service} latency", unit: "ms", forEach: .service, source: .spans,
                    transform: .latencyPercentiles([.p50, .p999])))
        #expect(
            p[7].source == .spans && p[7].transform == .errorRate
                && p[7].matchers == [LabelMatcher(label: "service.name", op: .matchesRegex, value: "front.*")])
        #expect(p[8].transform == .requestRate)
    }

    /// Scalars that YAML's type rules would read as null, booleans, numbers or dates are
    /// text exactly as written (the parser uses Yams's basic resolver and reads no tags), and a
    /// merge key is an unknown key like any other.
    @Test func scalarsAreReadAsWritten() throws {
        let titles = ["null", "~", "yes", "0x1F", "2001-12-14", "1e3", ".inf", "007"]
        let panels = titles.map { "      - title: \($0)\n        unit: count\n        metric: m\n" }.joined()
        let spec = try DashboardSpec.parse("dashboards:\n  - id: t\n    title: 1.50\n    panels:\n" + panels, file: "d.yaml")
        #expect(spec.dashboards[0].title == "1.50")
        #expect(spec.dashboards[0].panels.map(\.title) == titles)
        let merge = try #require(Self.error("dashboards:\n  - <<: {id: x}\n    title: X\n"))
        #expect((merge.line, merge.column, merge.path) == (2, 5, "dashboards[0].<<"))
    }

    @Test func transformTexts() {
        func parse(_ s: String) -> PanelTransform? { try? PanelTransform.parse(s).get() }
        #expect(parse("raw") == .raw)
        #expect(parse("  rate ") == .rate)
        #expect(parse("increase") == .increase)
        #expect(parse("histogram_quantile 0.99") == .histogramQuantile([0.99]))
        #expect(parse("histogram_quantile 0 1") == .histogramQuantile([0, 1]))
        #expect(parse("sum by(type)") == .sum(by: ["type"]))
        #expect(parse("sum by (a, b)") == .sum(by: ["a", "b"]))
        #expect(parse("sum") == .sum(by: []))
        #expect(parse("latency_percentiles") == .latencyPercentiles(Percentile.allCases))
        #expect(parse("latency_percentiles p999 p95") == .latencyPercentiles([.p999, .p95]))
        #expect(parse("error_rate") == .errorRate)
        #expect(parse("request_rate") == .requestRate)
        for bad in [
            "", "rates", "rate 5", "histogram_quantile", "histogram_quantile 1.5", "histogram_quantile -0.1",
            "histogram_quantile nan", "sum by", "sum by ()", "sum by (a b)", "sum over (a)", "latency_percentiles p90",
        ] {
            #expect(parse(bad) == nil, "\(bad)")
        }
    }

    @Test func matcherSemantics() throws {
        func test(_ text: String, _ value: String) throws -> Bool {
            try LabelMatcher.parse(label: "l", text: text).get().compiled()(value)
        }
        #expect(try test("web", "web") && !test("web", "web-1"))
        #expect(try test("!=web", "db") && !test("!=web", "web"))
        // Regexes are anchored at both ends, as in PromQL.
        #expect(try test("=~web-[0-9]+", "web-12") && !test("=~web-[0-9]+", "xweb-12") && !test("=~web", "web-1"))
        #expect(try test("!~test.*", "prod") && !test("!~test.*", "testing"))
        #expect(try test("!=x", ""))  // a missing label is the empty string
        let expanded = try LabelMatcher.parse(label: "service.name", text: "=~{service}|b").get().expanded(service: "a")
        #expect(expanded.value == "a|b")
        #expect(try test("=~a{2}", "aa"))  // a regex quantifier is not a placeholder
    }

    // MARK: - Errors at their line

    static func error(_ yaml: String) -> DashboardSpecError? {
        do {
            _ = try DashboardSpec.parse(yaml, file: "d.yaml")
            return nil
        } catch {
            return error
        }
    }

    static let twoDashboards = """
        dashboards:
          - id: one
            title: One
            panels: []
          - id: two
            title: Two
            panels:
              - title: A
                unit: ms
                metric: m
                transform: TRANSFORM
        """

    @Test func badQuantileNamesItsLine() throws {
        let e = try #require(Self.error(Self.twoDashboards.replacingOccurrences(of: "TRANSFORM", with: "histogram_quantile 1.5")))
        #expect(
            e.description
                == "d.yaml:11:20: error: dashboards[1].panels[0].transform: expected histogram_quantile φ with 0 ≤ φ ≤ 1 (e.g. histogram_quantile 0.99), found 'histogram_quantile 1.5'"
        )
    }

    @Test func unknownTransform() throws {
        let e = try #require(Self.error(Self.twoDashboards.replacingOccurrences(of: "TRANSFORM", with: "avg")))
        #expect((e.line, e.column, e.path) == (11, 20, "dashboards[1].panels[0].transform"))
        #expect(e.message.hasPrefix("expected one of raw, rate, increase, histogram_quantile φ"))
    }

    @Test func spanTransformOnAMetricPanel() throws {
        let e = try #require(Self.error(Self.twoDashboards.replacingOccurrences(of: "TRANSFORM", with: "error_rate")))
        #expect((e.line, e.column, e.path) == (11, 20, "dashboards[1].panels[0].transform"))
        #expect(e.message.contains("span transforms need source: spans"))
    }

    @Test func unknownRoleAtItsValue() throws {
        let e = try #require(
            Self.error(Self.twoDashboards.replacingOccurrences(of: "transform: TRANSFORM", with: "transform: raw\n        role: disk")))
        #expect(
            e.description
                == "d.yaml:12:15: error: dashboards[1].panels[0].role: expected one of cpu, memory, containerCPU, latency, errorRate, requestRate or none, found 'disk'"
        )
    }

    @Test func unknownKeyAtTheKey() throws {
        let e = try #require(Self.error(Self.twoDashboards.replacingOccurrences(of: "transform: TRANSFORM", with: "colour: red")))
        #expect(
            e.description
                == "d.yaml:11:9: error: dashboards[1].panels[0].colour: unknown key; expected one of id, title, unit, forEach, source, metric, match, transform, by, total, scale, window, method, markersFrom, optional, role"
        )
    }

    @Test func missingFieldAtItsMapping() throws {
        let e = try #require(Self.error(Self.twoDashboards.replacingOccurrences(of: "        unit: ms\n", with: "")))
        #expect(e.description == "d.yaml:8:9: error: dashboards[1].panels[0].unit: missing (required)")
        let top = try #require(Self.error("version: 1\n"))
        #expect(top.description == "d.yaml:1:1: error: version: unknown key; expected one of dashboards")
        let noDashboards = try #require(Self.error("# nothing\n{}\n"))
        #expect(noDashboards.description == "d.yaml:2:1: error: dashboards: missing (required)")
    }

    @Test func badMatcherAtItsValue() throws {
        let yaml = Self.twoDashboards.replacingOccurrences(of: "transform: TRANSFORM", with: "match:\n          job: \"=~(\"")
        let e = try #require(Self.error(yaml))
        #expect(e.description == "d.yaml:12:16: error: dashboards[1].panels[0].match.job: '(' is not a valid regular expression")
        let notText = try #require(
            Self.error(Self.twoDashboards.replacingOccurrences(of: "transform: TRANSFORM", with: "match: {job: [a]}")))
        #expect((notText.line, notText.column, notText.path) == (11, 22, "dashboards[1].panels[0].match.job"))
        #expect(notText.message == "expected text, found a list")
    }

    @Test func badValuesOfOtherFields() throws {
        func e(_ replacement: String) throws -> DashboardSpecError {
            try #require(Self.error(Self.twoDashboards.replacingOccurrences(of: "transform: TRANSFORM", with: replacement)))
        }
        #expect(try e("scale: lots").description == "d.yaml:11:16: error: dashboards[1].panels[0].scale: expected a number such as 100")
        #expect(
            try e("window: 5 minutes").description
                == "d.yaml:11:17: error: dashboards[1].panels[0].window: expected a duration such as 60, 30s, 5m or 1h")
        #expect(try e("total: maybe").path == "dashboards[1].panels[0].total")
        #expect(try e("forEach: host").description == "d.yaml:11:18: error: dashboards[1].panels[0].forEach: expected 'service'")
        #expect(
            try e("source: logs").description
                == "d.yaml:11:17: error: dashboards[1].panels[0].source: expected metrics or spans, found 'logs'")
        #expect(
            try e("markersFrom: cpu").description
                == "d.yaml:11:22: error: dashboards[1].panels[0].markersFrom: no panel of this dashboard has the id 'cpu'")
        #expect(
            try e("transform: sum by (a)\n        by: [b]").description
                == "d.yaml:12:13: error: dashboards[1].panels[0].by: the transform already says what to sum by")
        let unit = try #require(Self.error(Self.twoDashboards.replacingOccurrences(of: "unit: ms", with: "unit: furlongs")))
        #expect(
            unit.description
                == "d.yaml:9:15: error: dashboards[1].panels[0].unit: expected one of percent, bytes, ms, seconds, ratio, perSecond, count, found 'furlongs'"
        )
    }

    @Test func spansPanelRules() throws {
        let base = Self.twoDashboards.replacingOccurrences(of: "metric: m", with: "source: spans")
        let noTransform = try #require(Self.error(base.replacingOccurrences(of: "\n        transform: TRANSFORM", with: "")))
        #expect((noTransform.line, noTransform.column, noTransform.path) == (8, 9, "dashboards[1].panels[0].transform"))
        let metricTransform = try #require(Self.error(base.replacingOccurrences(of: "TRANSFORM", with: "rate")))
        #expect((metricTransform.line, metricTransform.column) == (11, 20))
        #expect(metricTransform.message.hasPrefix("expected latency_percentiles"))
        let withMetric = try #require(Self.error(base.replacingOccurrences(of: "TRANSFORM", with: "error_rate\n        scale: 2")))
        #expect(withMetric.description == "d.yaml:12:9: error: dashboards[1].panels[0].scale: not used with source: spans")
        let otherLabel = try #require(Self.error(base.replacingOccurrences(of: "TRANSFORM", with: "error_rate\n        match: {job: x}")))
        #expect(
            otherLabel.description == "d.yaml:12:17: error: dashboards[1].panels[0].match.job: a spans panel can only match service.name")
    }

    @Test func dashboardLevelErrors() throws {
        let valid = Self.twoDashboards.replacingOccurrences(of: "TRANSFORM", with: "rate")
        #expect(Self.error(valid) == nil)
        let dup = try #require(Self.error(valid.replacingOccurrences(of: "id: two", with: "id: one")))
        #expect(dup.description == "d.yaml:5:9: error: dashboards[1].id: 'one' is already the id of another dashboard")
        let slug = try #require(Self.error(Self.twoDashboards.replacingOccurrences(of: "id: two", with: "id: Two Things")))
        #expect((slug.line, slug.column, slug.path) == (5, 9, "dashboards[1].id"))
        let repeated = try #require(
            Self.error(Self.twoDashboards.replacingOccurrences(of: "    title: Two\n", with: "    title: Two\n    title: Again\n")))
        #expect(repeated.description == "d.yaml:7:5: error: dashboards[1].title: repeated key")
        let notList = try #require(Self.error("dashboards: yes\n"))
        #expect(notList.description == "d.yaml:1:13: error: dashboards: expected a list (lines starting with '- ')")
        let empty = try #require(Self.error(""))
        #expect((empty.line, empty.column) == (1, 1))
    }

    @Test func yamlSyntaxErrorAtItsLine() throws {
        let e = try #require(Self.error("dashboards:\n  - id: x\n    title: [X\n"))
        #expect((e.line, e.column, e.path) == (4, 1, ""))
        #expect(e.description.hasPrefix("d.yaml:4:1: error: invalid YAML: "))
        let tab = try #require(Self.error("dashboards:\n\t- id: x\n"))
        #expect(tab.line == 2)
    }
}
