import Foundation
import Testing

@testable import ScenarioSimulator

/// `logs.jsonl` (issue 14): every record sits under a span of `traces.jsonl` and says what the
/// span did, read back with Foundation's JSON parser.
@Suite struct ScenarioLogsTests {
    struct SpanKey: Hashable {
        var trace: String
        var span: String
    }

    @Test func everyRecordBelongsToTheSpanItDescribes() throws {
        let files = try writeScenario(ScenarioOptions())
        var spans: [SpanKey: (name: String, attributes: [String: Any], start: Int64, end: Int64, service: String)] = [:]
        for request in try jsonLines(files.traces) {
            for rs in array(request["resourceSpans"]) {
                let service = attributeMap((rs["resource"] as? [String: Any])?["attributes"])["service.name"] as? String ?? ""
                for ss in array(rs["scopeSpans"]) {
                    for s in array(ss["spans"]) {
                        spans[SpanKey(trace: s["traceId"] as? String ?? "", span: s["spanId"] as? String ?? "")] =
                            (
                                s["name"] as? String ?? "", attributeMap(s["attributes"]),
                                Int64(s["startTimeUnixNano"] as? String ?? "") ?? 0,
                                Int64(s["endTimeUnixNano"] as? String ?? "") ?? 0, service
                            )
                    }
                }
            }
        }
        var counts: [Int: Int] = [:]
        var records = 0
        for request in try jsonLines(files.logs) {
            for rl in array(request["resourceLogs"]) {
                let service = attributeMap((rl["resource"] as? [String: Any])?["attributes"])["service.name"] as? String
                for sl in array(rl["scopeLogs"]) {
                    for r in array(sl["logRecords"]) {
                        records += 1
                        let key = SpanKey(trace: r["traceId"] as? String ?? "", span: r["spanId"] as? String ?? "")
                        let span = try #require(spans[key], "a record names no span")
                        #expect(service == "recommendationservice" && span.service == service)
                        let number = r["severityNumber"] as? Int ?? 0
                        counts[number, default: 0] += 1
                        let body = ((r["body"] as? [String: Any])?["stringValue"] as? String) ?? ""
                        let time = Int64(r["timeUnixNano"] as? String ?? "") ?? 0
                        #expect(time >= span.start && time <= span.end)
                        switch number {
                        case 9:
                            #expect(span.name == "/hipstershop.RecommendationService/ListRecommendations")
                            #expect(body.hasPrefix("Receive ListRecommendations for product ids:['"))
                        case 13:
                            #expect(span.name == "get_product_list" && span.attributes["app.cache_hit"] as? Bool == false)
                            #expect(
                                body
                                    == "Cache miss: fetched \(span.attributes["app.products.count"] as? String ?? "?") product ids from productcatalogservice"
                            )
                        case 17:
                            let attributes = attributeMap(r["attributes"])
                            #expect(span.name == "get_product_list" && span.end - span.start > 400_000_000)
                            #expect(attributes["exception.type"] as? String == "TimeoutError")
                            #expect((attributes["exception.stacktrace"] as? String ?? "").hasPrefix("Traceback (most recent call last):"))
                        default:
                            Issue.record("unexpected severity \(number)")
                        }
                    }
                }
            }
        }
        #expect(records == files.logRecordCount)
        // One INFO per ListRecommendations server span, one WARN per cache miss.
        let servers = spans.values.filter { $0.name == "/hipstershop.RecommendationService/ListRecommendations" }.count
        let misses = spans.values.filter { $0.name == "get_product_list" && $0.attributes["app.cache_hit"] as? Bool == false }.count
        #expect(counts[9] == servers && counts[13] == misses)
        #expect((counts[17] ?? 0) > 0)
    }

    @Test func theSameSeedGivesTheSameLogsByteForByte() throws {
        let a = try writeScenario(ScenarioOptions(minutes: 5, seed: 7), name: "sameSeedLogsA")
        let b = try writeScenario(ScenarioOptions(minutes: 5, seed: 7), name: "sameSeedLogsB")
        #expect(FileManager.default.contents(atPath: a.logs) == FileManager.default.contents(atPath: b.logs))
        #expect(a.logRecordCount > 0)
    }
}
