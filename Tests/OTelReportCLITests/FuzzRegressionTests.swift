import Foundation
import Testing

@testable import ReportPipeline

/// Inputs that Scripts/fuzz.sh found crashing, hanging or leaking; each must now be handled.
@Suite struct FuzzRegressionTests {
    /// time-bound: `-9223372036854775807d` overflowed `n * 86400` and trapped.
    @Test func relativeBoundsTooLargeForNanosecondsAreRefusedNotTrapped() {
        #expect(TimeBound("-9223372036854775807d") == nil)
        #expect(TimeBound("-106751991167301d") == nil)
        #expect(TimeBound("-106751d") != nil)
        // Resolving far before an early end clamps instead of overflowing.
        if case .beforeEnd(let d)? = TimeBound("-106751d") {
            #expect(TimeBound.beforeEnd(d).resolve(end: Int64.min + 5) == Int64.min)
        } else {
            Issue.record("-106751d should parse")
        }
    }

    @Test func theCommandRefusesAnOverflowingBoundWithUsageExit() throws {
        let r = try CLI.run(["render", "examples/recommendation-cache", "-o", "/tmp/otel-report-never", "--from", "-9223372036854775807d"])
        #expect(r.status == 64, "\(r.stderr)")
    }
}

/// time-bound (and the Jaeger and OpenSearch decoders, which parse the same timestamps):
/// `2424-01-15T10:00:00.4316789+02:00` overflowed Int64 nanoseconds and trapped.
@Suite struct TimestampOverflowRegressionTests {
    @Test func timesPastInt64NanosecondsDoNotParse() {
        #expect(TimeBound("2424-01-15T10:00:00.4316789+02:00") == nil)
        #expect(TimeBound("2262-04-11T23:47:16.854775807Z") != nil)
        #expect(TimeBound("2262-04-11T23:47:16.854775808Z") == nil)
        #expect(TimeBound("1677-09-21T00:12:44Z") != nil)
    }

    @Test func anOpenSearchSpanInTheYear2424IsReportedNotACrash() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let doc =
            #"{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","parentSpanId":"","name":"GET /","kind":"SPAN_KIND_SERVER","startTime":"2424-01-15T10:00:00.4316789+02:00","endTime":"2424-01-15T10:00:01Z","durationInNanos":1000,"serviceName":"a","traceGroup":"GET /","status.code":0}"#
        try (doc + "\n").write(to: dir.appendingPathComponent("span.json"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["render", dir.appendingPathComponent("span.json").path, "-o", dir.appendingPathComponent("r").path, "--quiet"])
        #expect(r.status == 0 || r.status == 1, "\(r.status): \(r.stderr)")
    }
}
