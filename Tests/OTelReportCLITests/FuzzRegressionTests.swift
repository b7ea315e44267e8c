import Foundation
import Testing
@testable import OTelReportCLI

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
