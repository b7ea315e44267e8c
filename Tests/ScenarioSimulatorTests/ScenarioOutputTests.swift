import Foundation
import Testing

@testable import ScenarioSimulator

/// Writes a scenario into a fresh temporary folder and returns the result. The folder is named
/// after `name` (the calling test by default), the seed and the minutes, so every call in the
/// suites must pass a name no other call uses with the same seed and minutes: the tests run in
/// parallel, and two writing one folder read each other's half-written files (a `.ci/run` saw one
/// test's logs file empty while another test rewrote the folder).
func writeScenario(_ options: ScenarioOptions, name: String = #function) throws -> ScenarioFiles {
    let folder = NSTemporaryDirectory() + "scenario-sim-\(name.filter { $0.isLetter })-\(options.seed)-\(options.minutes)"
    try? FileManager.default.removeItem(atPath: folder)
    return try RecommendationCacheScenario.write(to: folder, options: options)
}

func jsonLines(_ path: String) throws -> [[String: Any]] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return try text.split(separator: "\n").map { line in
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
}

/// A parsed span with what the tests look at.
struct ParsedSpan {
    var service: String
    var pid: String
    var name: String
    var start: Int64
    var end: Int64
    var attributes: [String: Any]
}

func array(_ value: Any?) -> [[String: Any]] { value as? [[String: Any]] ?? [] }

func attributeMap(_ list: Any?) -> [String: Any] {
    var map: [String: Any] = [:]
    for pair in array(list) {
        if let key = pair["key"] as? String, let value = (pair["value"] as? [String: Any])?.values.first { map[key] = value }
    }
    return map
}

func parseSpans(_ path: String) throws -> [ParsedSpan] {
    var spans: [ParsedSpan] = []
    for request in try jsonLines(path) {
        for resourceSpans in array(request["resourceSpans"]) {
            let resource = attributeMap((resourceSpans["resource"] as? [String: Any])?["attributes"])
            for scopeSpans in array(resourceSpans["scopeSpans"]) {
                for span in array(scopeSpans["spans"]) {
                    spans.append(
                        ParsedSpan(
                            service: resource["service.name"] as? String ?? "", pid: resource["process.pid"] as? String ?? "",
                            name: span["name"] as? String ?? "",
                            start: Int64(span["startTimeUnixNano"] as? String ?? "") ?? -1,
                            end: Int64(span["endTimeUnixNano"] as? String ?? "") ?? -1,
                            attributes: attributeMap(span["attributes"])))
                }
            }
        }
    }
    return spans
}

@Suite struct ScenarioOutputTests {
    @Test func defaultOptionsStayUnderFourAndAHalfMegabytes() throws {
        let files = try writeScenario(ScenarioOptions())
        let traces = try #require(FileManager.default.attributesOfItem(atPath: files.traces)[.size] as? Int)
        let metrics = try #require(FileManager.default.attributesOfItem(atPath: files.metrics)[.size] as? Int)
        #expect(traces + metrics < 4_500_000)
        #expect(files.traceCount >= 300)
        #expect(files.restartCount >= 1)
    }

    @Test func sameSeedGivesIdenticalBytes() throws {
        let a = try writeScenario(ScenarioOptions(minutes: 5, seed: 7), name: "sameSeedA")
        let b = try writeScenario(ScenarioOptions(minutes: 5, seed: 7), name: "sameSeedB")
        #expect(FileManager.default.contents(atPath: a.traces) == FileManager.default.contents(atPath: b.traces))
        #expect(FileManager.default.contents(atPath: a.metrics) == FileManager.default.contents(atPath: b.metrics))
    }

    @Test func differentSeedGivesDifferentBytes() throws {
        let a = try writeScenario(ScenarioOptions(minutes: 5, seed: 7), name: "otherSeedA")
        let b = try writeScenario(ScenarioOptions(minutes: 5, seed: 8), name: "otherSeedB")
        #expect(FileManager.default.contents(atPath: a.traces) != FileManager.default.contents(atPath: b.traces))
    }

    @Test func everyLineIsAnOTLPExportRequest() throws {
        let files = try writeScenario(ScenarioOptions())
        let traceLines = try jsonLines(files.traces)
        #expect(traceLines.allSatisfy { $0["resourceSpans"] != nil })
        let metricLines = try jsonLines(files.metrics)
        #expect(metricLines.allSatisfy { $0["resourceMetrics"] != nil })
        let spans = try parseSpans(files.traces)
        #expect(spans.count == files.spanCount)
        #expect(Set(spans.map(\.service)).count == 6)
        #expect(spans.allSatisfy { $0.end > $0.start })
    }

    @Test func productCountsFollowTheGrowthRuleWithinEachProcess() throws {
        let files = try writeScenario(ScenarioOptions())
        let calls = try parseSpans(files.traces).filter { $0.name == "get_product_list" }.sorted { $0.start < $1.start }
        var missesByProcess: [String: [Int]] = [:]
        var hitMeans: [Bool: (total: Double, count: Int)] = [:]
        for call in calls {
            let hit = try #require(call.attributes["app.cache_hit"] as? Bool)
            let count = try #require(Int(call.attributes["app.products.count"] as? String ?? ""))
            if !hit { missesByProcess[call.pid, default: []].append(count) }
            let ms = Double(call.end - call.start) / 1e6
            hitMeans[hit, default: (0, 0)] = (hitMeans[hit, default: (0, 0)].total + ms, hitMeans[hit, default: (0, 0)].count + 1)
        }
        #expect(missesByProcess.count == files.restartCount + 1)
        for (_, counts) in missesByProcess {
            #expect(counts == ProductCache.growthSequence(misses: counts.count))
        }
        let hitMean = try #require(hitMeans[true]).total / Double(try #require(hitMeans[true]).count)
        let missMean = try #require(hitMeans[false]).total / Double(try #require(hitMeans[false]).count)
        #expect(missMean > 1.5 * hitMean)
    }

    @Test func memoryDropsAfterNearingTheLimitAndCPUCountersReset() throws {
        let files = try writeScenario(ScenarioOptions())
        var rss: [Int64] = []
        var cpuStarts: [String] = []
        var user: [Double] = []
        for request in try jsonLines(files.metrics) {
            for resourceMetrics in array(request["resourceMetrics"]) {
                for scope in array(resourceMetrics["scopeMetrics"]) {
                    for metric in array(scope["metrics"]) {
                        if metric["name"] as? String == "process.runtime.cpython.memory" {
                            let point = array((metric["gauge"] as? [String: Any])?["dataPoints"])[0]
                            rss.append(Int64(point["asInt"] as? String ?? "") ?? -1)
                        }
                        if metric["name"] as? String == "process.runtime.cpython.cpu_time" {
                            let point = array((metric["sum"] as? [String: Any])?["dataPoints"])[0]
                            cpuStarts.append(point["startTimeUnixNano"] as? String ?? "")
                            user.append(point["asDouble"] as? Double ?? -1)
                        }
                    }
                }
            }
        }
        let peak = try #require(rss.indices.max { rss[$0] < rss[$1] })
        #expect(rss[peak] > 300 * 1024 * 1024)
        #expect(rss[peak] <= ProductCache.memoryLimitBytes)
        #expect(rss[(peak + 1)...].contains { $0 < 100 * 1024 * 1024 })
        // A restart is a new start time with a smaller cumulative value.
        let resets = (1..<cpuStarts.count).filter { cpuStarts[$0] != cpuStarts[$0 - 1] }
        #expect(resets.count == files.restartCount)
        #expect(resets.allSatisfy { user[$0] < user[$0 - 1] })
    }

    @Test func spanMetricsCallsEqualTheSpansPerServiceAndName() throws {
        let files = try writeScenario(ScenarioOptions(minutes: 8, seed: 3))
        var spanCounts: [String: Int] = [:]
        for span in try parseSpans(files.traces) { spanCounts[span.service + "|" + span.name, default: 0] += 1 }
        var calls: [String: Int] = [:]
        var histogramCounts: [String: Int] = [:]
        let last = try #require(try jsonLines(files.metrics).last { ($0["resourceMetrics"] as? [[String: Any]])?.count ?? 0 > 1 })
        for resourceMetrics in array(last["resourceMetrics"]) {
            for scope in array(resourceMetrics["scopeMetrics"]) {
                for metric in array(scope["metrics"]) {
                    let sum = array((metric["sum"] as? [String: Any])?["dataPoints"])
                    let histogram = array((metric["histogram"] as? [String: Any])?["dataPoints"])
                    for point in sum + histogram {
                        let labels = attributeMap(point["attributes"])
                        let key = "\(labels["service.name"] ?? "")|\(labels["span.name"] ?? "")"
                        if metric["name"] as? String == "traces.span.metrics.calls" {
                            calls[key, default: 0] += Int(point["asInt"] as? String ?? "") ?? -1
                        } else {
                            histogramCounts[key, default: 0] += Int(point["count"] as? String ?? "") ?? -1
                        }
                    }
                }
            }
        }
        #expect(calls == spanCounts)
        #expect(histogramCounts == spanCounts)
    }

    @Test func invalidOptionsAreRejected() {
        #expect(throws: ScenarioError.self) { try writeScenario(ScenarioOptions(minutes: 0)) }
        #expect(throws: ScenarioError.self) { try writeScenario(ScenarioOptions(scale: 0)) }
    }
}
