import TelemetryModel
import Testing

@testable import TelemetryIngest

@Suite struct OTLPMetricDecodingTests {
    func metrics(_ metricObjects: String) -> String {
        #"{"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},"scopeMetrics":[{"scope":{"name":"m"},"metrics":[\#(metricObjects)]}]}]}"#
    }

    @Test func decodesGaugeAsIntAndAsDouble() throws {
        let file = try #require(
            decoded(
                metrics(
                    #"""
                    {"name":"g","unit":"By","description":"d","gauge":{"dataPoints":[
                      {"timeUnixNano":"2","asInt":"9007199254740993"},{"timeUnixNano":1,"asDouble":12.5}]}}
                    """#)))
        #expect(file.metricPointCount == 2)
        let series = try #require(file.snapshot.metrics.first)
        #expect(file.snapshot.metrics.count == 1)
        #expect(series.name == "g")
        #expect(series.unit == "By")
        #expect(series.kind == .gauge)
        #expect(
            series.points == .number([NumberPoint(timeUnixNano: 1, value: 12.5), NumberPoint(timeUnixNano: 2, value: 9007199254740992)]))
        #expect(file.snapshot.resources[Int(series.resourceIndex)].serviceName == "svc")
    }

    @Test(arguments: [
        ("2", AggregationTemporality.cumulative), (#""2""#, .cumulative), (#""AGGREGATION_TEMPORALITY_DELTA""#, .delta),
        ("0", .unspecified), (#""AGGREGATION_TEMPORALITY_CUMULATIVE""#, .cumulative),
    ])
    func decodesSumTemporalityInEveryForm(_ text: String, _ temporality: AggregationTemporality) throws {
        let file = try #require(
            decoded(
                metrics(
                    #"""
                    {"name":"c","sum":{"dataPoints":[{"startTimeUnixNano":"1","timeUnixNano":"3","asInt":5}],
                     "aggregationTemporality":\#(text),"isMonotonic":true}}
                    """#)))
        #expect(file.snapshot.metrics[0].kind == .sum(monotonic: true, temporality: temporality))
        #expect(file.snapshot.metrics[0].points == .number([NumberPoint(startTimeUnixNano: 1, timeUnixNano: 3, value: 5)]))
    }

    @Test func decodesSnakeCaseHistogramsWithNumbersAndStrings() throws {
        let file = try #require(
            decoded(
                metrics(
                    #"""
                    {"name":"h","unit":1,"histogram":{"data_points":[{"attributes":[{"key":"b","value":{"stringValue":"2"}},{"key":"a","value":{"stringValue":"1"}}],
                      "start_time_unix_nano":"10","time_unix_nano":"20","count":"30","sum":"100","min":"40","max":60,
                      "bucket_counts":[3,"5",15,6,1],"explicit_bounds":[1.0,2,3.5,4]}],"aggregation_temporality":"2"}}
                    """#)))
        let series = file.snapshot.metrics[0]
        #expect(series.unit == "1")
        #expect(series.kind == .histogram(temporality: .cumulative))
        #expect(series.attributes.map(\.key) == ["a", "b"])
        #expect(
            series.points
                == .histogram([
                    HistogramPoint(
                        startTimeUnixNano: 10, timeUnixNano: 20, count: 30, sum: 100,
                        explicitBounds: [1, 2, 3.5, 4], bucketCounts: [3, 5, 15, 6, 1], min: 40, max: 60)
                ]))
    }

    @Test func decodesExponentialHistograms() throws {
        let file = try #require(
            decoded(
                metrics(
                    #"""
                    {"name":"e","exponentialHistogram":{"aggregationTemporality":1,"dataPoints":[{"timeUnixNano":"7","count":"30","zeroCount":10,
                      "sum":3.5,"scale":6,"zeroThreshold":0.001,"positive":{"offset":-2,"bucketCounts":["1",2]},"negative":{"bucketCounts":[3]}}]}}
                    """#)))
        #expect(file.snapshot.metrics[0].kind == .exponentialHistogram(temporality: .delta))
        #expect(
            file.snapshot.metrics[0].points
                == .exponentialHistogram([
                    ExponentialHistogramPoint(
                        timeUnixNano: 7, count: 30, sum: 3.5, scale: 6, zeroCount: 10, zeroThreshold: 0.001,
                        positiveOffset: -2, positiveBucketCounts: [1, 2], negativeOffset: 0, negativeBucketCounts: [3])
                ]))
    }

    @Test func decodesSummaries() throws {
        let file = try #require(
            decoded(
                metrics(
                    #"""
                    {"name":"s","summary":{"dataPoints":[{"timeUnixNano":"7","count":4,"sum":10.5,
                      "quantileValues":[{"quantile":0.5,"value":2},{"value":9,"quantile":1}]}]}}
                    """#)))
        #expect(file.snapshot.metrics[0].kind == .summary)
        #expect(
            file.snapshot.metrics[0].points
                == .summary([
                    SummaryPoint(
                        timeUnixNano: 7, count: 4, sum: 10.5,
                        quantiles: [
                            .init(quantile: 0.5, value: 2), .init(quantile: 1, value: 9),
                        ])
                ]))
    }

    @Test func skipsEmptyMetricObjects() throws {
        let file = try #require(decoded(metrics(#"{}, {"name":"only-name"}, {"name":"g","gauge":{}}"#)))
        #expect(file.snapshot.metrics.isEmpty)
        #expect(file.metricPointCount == 0)
    }

    @Test func mergesPointsOfTheSameSeriesAcrossRequests() throws {
        let one = metrics(
            #"{"name":"g","gauge":{"dataPoints":[{"timeUnixNano":"2","asInt":"2","attributes":[{"key":"k","value":{"stringValue":"v"}}]}]}}"#
        )
        let two = metrics(
            #"{"name":"g","gauge":{"dataPoints":[{"timeUnixNano":"1","asInt":"1","attributes":[{"key":"k","value":{"stringValue":"v"}}]}]}}"#
        )
        let file = try #require(decoded(one + "\n" + two))
        #expect(file.snapshot.metrics.count == 1)
        #expect(
            file.snapshot.metrics[0].points == .number([NumberPoint(timeUnixNano: 1, value: 1), NumberPoint(timeUnixNano: 2, value: 2)]))
    }

    @Test func acceptsDeprecatedInstrumentationLibraryMetrics() throws {
        let file = try #require(
            decoded(
                #"""
                {"resourceMetrics":[{"instrumentationLibraryMetrics":[{"instrumentationLibrary":{"name":"x"},
                  "metrics":[{"name":"g","gauge":{"dataPoints":[{"asDouble":"Infinity"}]}}]}]}]}
                """#))
        #expect(file.snapshot.metrics[0].points == .number([NumberPoint(timeUnixNano: 0, value: .infinity)]))
    }
}
