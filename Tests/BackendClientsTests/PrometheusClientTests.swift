import DashboardConfig
import Foundation
import Testing

@testable import BackendClients

@Suite struct PrometheusClientTests {
    @Test func aQueryRangeMatrixIsReadWithMillisecondTimesAndSpecialValues() throws {
        let body =
            #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"a","type":"user"},"values":[[1700000000,"1.5"],[1700000015.5,"NaN"],[1700000030,"+Inf"]]}]}}"#
        let t = FakeTransport([(200, body)])
        let series = try PrometheusClient(transport: t).queryRange(
            "rate(x[60s]) * 100", startSeconds: 1700000000, endSeconds: 1700000030, stepSeconds: 15)
        #expect(t.sent == ["GET /api/v1/query_range?query=rate%28x%5B60s%5D%29%20%2A%20100&start=1700000000&end=1700000030&step=15"])
        #expect(series.count == 1)
        #expect(series[0].labels == ["job": "a", "type": "user"])
        #expect(series[0].samples.map(\.timeMillis) == [1_700_000_000_000, 1_700_000_015_500, 1_700_000_030_000])
        #expect(series[0].samples[0].value == 1.5)
        #expect(series[0].samples[1].value.isNaN)
        #expect(series[0].samples[2].value == .infinity)
    }

    @Test func anErrorResponseNamesTheServerTheRequestTheStatusAndPrometheusMessage() {
        let body = #"{"status":"error","errorType":"bad_data","error":"1:6: parse error: unexpected \"}\""}"#
        let t = FakeTransport([(400, body)])
        #expect {
            _ = try PrometheusClient(transport: t).query("x{a=}", timeSeconds: 5)
        } throws: { error in
            let e = error as? BackendError
            return e?.status == 400
                && e?.message
                    == #"prometheus http://prom.example:9090: GET /api/v1/query?query=x%7Ba%3D%7D&time=5: HTTP 400 Bad Request: bad_data: 1:6: parse error: unexpected "}""#
        }
    }

    @Test func aProxyErrorPageIsQuotedAndAnEmptyAnswerIsNamed() {
        let t = FakeTransport([(502, "<html>\nBad gateway</html>"), (200, "not json")])
        let client = PrometheusClient(transport: t)
        #expect(throws: BackendError.self) { _ = try client.series(["up"], startSeconds: 0, endSeconds: 1) }
        do { _ = try client.series(["up"], startSeconds: 0, endSeconds: 1) } catch {
            #expect("\(error)".hasSuffix(": the response is not a JSON object"))
        }
        let u = FakeTransport([(502, "<html>\nBad gateway</html>")])
        do { _ = try PrometheusClient(transport: u).series(["up"], startSeconds: 0, endSeconds: 1) } catch {
            #expect(
                "\(error)"
                    == "prometheus http://prom.example:9090: GET /api/v1/series?match%5B%5D=up&start=0&end=1: HTTP 502 Bad Gateway: <html> Bad gateway</html>"
            )
        }
    }

    @Test func aReplayAnswersOnlyWhatWasRecorded() throws {
        let recorded = HTTPExchange(
            method: "GET", target: "/api/v1/query?query=up&time=5", body: nil, status: 200,
            response: Data(#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"p"},"value":[5,"1"]}]}}"#.utf8))
        let replay = ReplayTransport(baseURL: "http://prom.example:9090", exchanges: [recorded], archive: "/tmp/a")
        let client = PrometheusClient(transport: replay)
        #expect(try client.query("up", timeSeconds: 5).first?.samples.first?.value == 1)
        do {
            _ = try client.query("up", timeSeconds: 6)
            Issue.record("an unrecorded request must fail")
        } catch {
            #expect(
                "\(error)".hasPrefix(
                    "/tmp/a: the archive holds no response to GET /api/v1/query?query=up&time=6 (it was fetched with other options"))
        }
    }

    @Test func anArchiveReadsBackWhatWasWritten() throws {
        var archive = FetchArchive(fromNanos: 1_000_000_000, toNanos: 2_000_000_000)
        archive.prometheusURL = "http://prom.example:9090"
        archive.exchanges = [
            HTTPExchange(
                method: "GET", target: "/api/v1/series?match%5B%5D=up&start=1&end=2", body: nil, status: 200,
                response: Data(#"{"status":"success","data":[]}"#.utf8))
        ]
        archive.openSearchURL = "http://os.example:9200"
        archive.maxSpans = 10
        archive.indices = [.init(pattern: "jaeger-span-*", file: "opensearch/hits-1.jsonl", total: 12, hits: [Data(#"{"_id":"1"}"#.utf8)])]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fetch-archive-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        for f in try archive.files() {
            let url = dir.appendingPathComponent(f.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try f.data.write(to: url)
        }
        #expect(FetchArchive.isArchive(dir.path))
        let back = try FetchArchive.read(dir.path)
        #expect(back.fromNanos == 1_000_000_000 && back.toNanos == 2_000_000_000)
        #expect(back.exchanges.map(\.key) == archive.exchanges.map(\.key))
        #expect(back.exchanges.first?.response == archive.exchanges.first?.response)
        #expect(back.indices.first?.hits == archive.indices.first?.hits)
        #expect(back.indices.first?.total == 12)
        #expect(back.maxSpans == 10)
        let manifest = try String(contentsOf: dir.appendingPathComponent(FetchArchive.manifestName), encoding: .utf8)
        #expect(manifest.contains(#""leftOut" : 11"#))
    }
}
