import Testing

@testable import ReportRendering

/// Pages are built on several threads (the traces page on its own); the files must still come
/// out in page order, whatever finished first.
@Suite struct ConcurrentPagesTests {
    @Test func pagesComeBackInPageOrder() {
        let refs: [PageRef] = [.index, .dashboard("a"), .dashboard("b"), .traces, .compare, .services, .logs]
        #expect(ReportBuilder.concurrently(refs) { "page \($0)" } == refs.indices.map { "page \($0)" })
        let noTraces: [PageRef] = [.index, .compare]
        #expect(ReportBuilder.concurrently(noTraces) { $0 * 10 } == [0, 10])
        #expect(ReportBuilder.concurrently([.traces]) { $0 + 1 } == [1])
        #expect(ReportBuilder.concurrently([.traces, .index]) { $0 } == [0, 1])
        #expect(ReportBuilder.concurrently([.index, .traces]) { $0 } == [0, 1])
    }
}
