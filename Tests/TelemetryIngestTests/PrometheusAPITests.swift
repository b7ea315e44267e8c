import TelemetryModel
import Testing

@testable import TelemetryIngest

/// Inline Prometheus HTTP API responses (PrometheusAPIJSONFormat).
struct PrometheusAPITests {
    @Test func matrixSeriesKeepExactTimesAndMapJobToService() throws {
        let file = try #require(
            decoded(
                """
                {"status":"success","data":{"resultType":"matrix","result":[
                  {"metric":{"__name__":"up","job":"node","instance":"h:9100","zone":"b","az":"1"},
                   "values":[[1435781430.781,"1"],[1435781445,"0"]]}]}}
                """))
        let s = try #require(file.snapshot.metrics.first)
        #expect(s.name == "up")
        #expect(s.kind == .gauge)
        #expect(s.attributes == [Attribute(key: "az", value: .string("1")), Attribute(key: "zone", value: .string("b"))])
        #expect(file.snapshot.resources[Int(s.resourceIndex)].serviceName == "node")
        #expect(file.snapshot.resources[Int(s.resourceIndex)].attributes[key: "service.instance.id"] == .string("h:9100"))
        #expect(
            s.points
                == .number([
                    NumberPoint(timeUnixNano: 1_435_781_430_781_000_000, value: 1),
                    NumberPoint(timeUnixNano: 1_435_781_445_000_000_000, value: 0),
                ]))
        #expect(file.metricPointCount == 2)
    }

    @Test func vectorValuesMayBeNaNAndInfinities() throws {
        let file = try #require(
            decoded(
                """
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"__name__":"a","k":"1"},"value":[1,"NaN"]},
                  {"metric":{"__name__":"a","k":"2"},"value":[1,"+Inf"]},
                  {"metric":{"__name__":"a","k":"3"},"value":[1,"-Inf"]}]}}
                """))
        let values = file.snapshot.metrics.compactMap { s -> Double? in
            if case .number(let p) = s.points { return p.first?.value }
            return nil
        }
        #expect(values.count == 3)
        #expect(values[0].isNaN)
        #expect(values[1] == .infinity)
        #expect(values[2] == -.infinity)
    }

    @Test func membersMayComeInAnyOrder() throws {
        let file = try #require(
            decoded(
                """
                {"data":{"result":[{"values":[[2,"5"]],"metric":{"__name__":"x_bucket","le":"0.5"}}],"resultType":"matrix"},"status":"success"}
                """))
        let s = try #require(file.snapshot.metrics.first)
        #expect(s.name == "x_bucket")
        #expect(s.kind == .sum(monotonic: true, temporality: .cumulative))
        #expect(s.attributes == [Attribute(key: "le", value: .string("0.5"))])
    }

    @Test(arguments: ["x_total", "x_count", "x_sum", "x_bucket"])
    func counterSuffixesMakeCumulativeSums(name: String) {
        #expect(PrometheusSeriesMapping.guessedKind(forName: name) == .sum(monotonic: true, temporality: .cumulative))
    }

    @Test func seriesWithoutNameKeepLabelsAndAnEmptyName() throws {
        let file = try #require(
            decoded(#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"service_name":"cart"},"value":[10,"2"]}]}}"#))
        #expect(file.snapshot.metrics.first?.name == "")
        #expect(file.snapshot.metrics.first?.kind == .gauge)
        #expect(file.snapshot.metrics.first?.attributes == [Attribute(key: "service_name", value: .string("cart"))])
    }

    @Test func scalarResultIsOneNamelessGauge() throws {
        let file = try #require(decoded(#"{"status":"success","data":{"resultType":"scalar","result":[1435781451.781,"1.5"]}}"#))
        #expect(file.snapshot.metrics.first?.points == .number([NumberPoint(timeUnixNano: 1_435_781_451_781_000_000, value: 1.5)]))
    }

    @Test func stringResultGivesANoteAndNoSamples() throws {
        let file = try #require(decoded(#"{"status":"success","data":{"resultType":"string","result":[1,"hello"]}}"#))
        #expect(file.metricPointCount == 0)
        #expect(file.warnings.map(\.severity) == [.note])
    }

    @Test func warningsBecomeWarningDiagnostics() throws {
        let file = try #require(
            decoded(
                """
                {"status":"warning","warnings":["too many series"],"infos":["hint"],
                 "data":{"resultType":"matrix","result":[]}}
                """))
        #expect(
            file.warnings.map(\.description) == [
                "t.json:1:33: warning: warnings[0]: Prometheus API warning: too many series",
                "t.json:1:61: note: infos[0]: Prometheus API info: hint",
            ])
        #expect(file.snapshot.metrics.isEmpty)
    }

    @Test func errorStatusFailsWithTheAPIMessage() {
        #expect(
            failures(#"{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\""}"#).map(\.description) == [
                #"t.json:1:11: error: status: the Prometheus API returned an error (bad_data): invalid parameter "query""#
            ])
    }

    @Test func invalidValueIsLocatedByPath() {
        #expect(
            failures(
                """
                {"status":"success","data":{"resultType":"matrix","result":[
                  {"metric":{},"values":[[1,"1"],[2,"abc"]]}]}}
                """
            ).map(\.description) == [
                #"t.json:2:37: error: data.result[0].values[1][1]: invalid sample value "abc"; expected a number, NaN, +Inf or -Inf"#
            ])
    }

    @Test func exemplarsResponseIsRecognisedWithoutSamples() throws {
        let file = try #require(
            decoded(
                """
                {"status":"success","data":[{"seriesLabels":{"__name__":"x"},"exemplars":[{"labels":{},"value":"6","timestamp":1}]}]}
                """))
        #expect(file.metricPointCount == 0)
        #expect(
            file.warnings.map(\.message) == [
                "exemplars response (query_exemplars): 1 exemplars in 1 series; exemplars are not used, so this file gives no samples"
            ])
    }

    @Test func sniffDoesNotClaimOtherJSON() {
        func sniff(_ s: String) -> Bool { Array(s.utf8).withUnsafeBufferPointer { PrometheusAPIJSONFormat.sniff($0) } }
        #expect(sniff(#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#))
        #expect(sniff(#"{"status":"error","errorType":"timeout","error":"x"}"#))
        #expect(!sniff(#"{"data":[],"total":0,"limit":0,"offset":0,"errors":null}"#))
        #expect(!sniff(#"{"error":{"type":"index_not_found"},"status":404}"#))
        #expect(!sniff(#"{"resourceMetrics":[]}"#))
        #expect(!sniff(#"[{"traceId":"1","id":"2"}]"#))
        #expect(!sniff(#"{"status":"success"}"#))
    }
}
