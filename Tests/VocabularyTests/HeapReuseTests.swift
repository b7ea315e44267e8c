import Testing

@testable import Vocabulary

/// `HeapReuse.during`: the raised thresholds are set before its body and the usual ones after
/// it, whether the body returns or throws, and the body's value and error pass through. (What
/// glibc then does with a block depends on what its heaps hold free — in a test process shared
/// with other tests, anything — so the settings are recorded rather than their effect probed;
/// the effect is measured by the benchmark, Documentation/SpeedHistory.md.)
struct HeapReuseTests {
    static let raised: [HeapReuse.Setting] = [.mappedFrom(HeapReuse.reusedMappedFrom), .trimFrom(HeapReuse.reusedTrimFrom)]
    static let usual: [HeapReuse.Setting] = [.mappedFrom(HeapReuse.mappedFrom), .trimFrom(HeapReuse.trimFrom)]

    @Test func theRaisedThresholdsHoldForTheBodyAndTheUsualOnesAfterIt() {
        var settings: [HeapReuse.Setting] = []
        var seenByBody: [HeapReuse.Setting] = []
        let value = HeapReuse.during(setting: { settings.append($0) }) { () -> Int in
            seenByBody = settings
            return 42
        }
        #expect(value == 42)
        #expect(seenByBody == Self.raised)
        #expect(settings == Self.raised + Self.usual)
        // Raised, not lowered.
        #expect(HeapReuse.reusedMappedFrom > HeapReuse.mappedFrom && HeapReuse.reusedTrimFrom > HeapReuse.trimFrom)
    }

    @Test func theUsualThresholdsAreSetBackWhenTheBodyThrows() {
        struct Failure: Error {}
        var settings: [HeapReuse.Setting] = []
        #expect(throws: Failure.self) {
            try HeapReuse.during(setting: { settings.append($0) }) { () throws(Failure) in throw Failure() }
        }
        #expect(settings == Self.raised + Self.usual)
    }
}
