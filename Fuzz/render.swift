import HTMLValidation
import ReportRendering
import TelemetryAnalysis
import TelemetryModel

@testable import TelemetryIngest

/// libFuzzer entry point for the whole pipeline (built and run by Scripts/fuzz.sh): bytes of any
/// format are decoded, analysed and rendered, and every page must pass validation — the
/// promise that exit 2 ("a page failed validation") is unreachable from input. A failure traps,
/// which libFuzzer records as a crash with its input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard case .decoded(let decoded, _) = SnapshotLoader.decode(bytes, file: "fuzz") else { return 0 }
    var builder = SnapshotBuilder()
    SnapshotLoader.merge(decoded.snapshot, into: &builder)
    let snapshot = builder.finish()
    if snapshot.spans.isEmpty && snapshot.metrics.isEmpty { return 0 }
    let analysis = SnapshotAnalysis(snapshot: snapshot, options: .init(slowestCount: 20))
    let options = ReportOptions(
        title: "fuzz", generatedAtNanos: 0, layout: .site, waterfallCount: 3, extraTraces: [],
        toolVersion: "fuzz", filterNote: nil)
    let report = ReportBuilder(analysis: analysis, options: options, findings: Findings.detect(analysis))
    guard let files = try? report.render() else { fatalError("render threw on decodable input") }
    let pages = files.filter { $0.path.hasSuffix(".html") }.map { HTMLDocument(path: $0.path, text: $0.contents) }
    let issues = HTMLValidator().validate(pages)
    if !issues.isEmpty { fatalError("validation failed: \(issues.prefix(3).map { $0.description })") }
    return 0
}
