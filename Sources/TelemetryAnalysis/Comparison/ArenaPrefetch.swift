import CPrefetch
import TelemetryModel

/// Hints that the attributes of a span a few places ahead in a list of span indexes will be read
/// soon, for the loops that read an operation's attributes span by span (the attribute and window
/// comparisons). An operation's spans lie apart in the table (its traces' other spans between
/// them), so each span's range and attributes were a wait for memory that the processor's own
/// prefetcher did not hide: the range of the span `2 × distance` ahead is asked for, and the
/// keys and values of the one `distance` ahead (its range by then at hand). A hint changes no
/// result.
enum ArenaPrefetch {
    static let distance = 8

    @inline(__always)
    static func ahead(_ spans: borrowing SpanTable, indexes: UnsafeBufferPointer<Int>, from k: Int) {
        let far = k + 2 * distance
        if far < indexes.count {
            spans.attributeRanges.withUnsafeBufferPointer { cprefetch($0.baseAddress! + indexes[far]) }
        }
        let near = k + distance
        guard near < indexes.count else { return }
        let a = Int(spans.attributeRanges[indexes[near]].start)
        guard a < spans.attributeArena.count else { return }
        spans.attributeArena.keys.withUnsafeBufferPointer { cprefetch($0.baseAddress! + a) }
        spans.attributeArena.values.kinds.withUnsafeBufferPointer { cprefetch($0.baseAddress! + a) }
        spans.attributeArena.values.payloads.withUnsafeBufferPointer { cprefetch($0.baseAddress! + a) }
    }
}
