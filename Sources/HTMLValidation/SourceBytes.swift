/// A page's bytes as the checks read them: memory this value keeps alive — a buffer of its own,
/// or a mapping of the file the page was written to (its owner unmaps it when the last copy of
/// this value is gone).
///
/// Why not `[UInt8]`: a staged page is read back for its check, and the traces page is megabytes
/// (14.6 MB at 500k spans), which `read(2)` copied into pages the process had to fault in (3,600
/// of them) on the validation's critical path, while the page's own bytes sat in the page cache
/// (issue 7). A mapping (`FileWindow`) reads them in place; an array can lend only a pointer
/// scoped to a closure, so the checks (libxml2's reader, `SourceMap`, the rules' scans) take the
/// bytes as this pointer and its owner.
public struct SourceBytes: @unchecked Sendable {
    /// The page's bytes; valid while this value (any copy of it) lives.
    public let buffer: UnsafeBufferPointer<UInt8>
    /// What keeps `buffer` valid: a `FileWindow`, or the buffer's own allocation.
    private let owner: AnyObject?

    /// Bytes that `owner` keeps valid for as long as it lives (a mapping, for one).
    public init(_ buffer: UnsafeBufferPointer<UInt8>, owner: AnyObject) {
        self.buffer = buffer
        self.owner = owner
    }

    /// A copy of `bytes` (pages read from disk by `validate`, tests).
    public init(_ bytes: [UInt8]) {
        self.init(reading: bytes.count) { into in into.initialize(from: bytes).index }!
    }

    /// The bytes `fill` writes into a buffer of `count` bytes (it returns how many it wrote, at
    /// most `count`; nil or a negative count gives up): a page joined from its parts or read from
    /// a file without an intermediate copy.
    public init?(reading count: Int, _ fill: (UnsafeMutableBufferPointer<UInt8>) -> Int?) {
        let storage = Allocation(count: count)
        guard let written = fill(storage.memory), written >= 0, written <= count else { return nil }
        buffer = UnsafeBufferPointer(rebasing: storage.memory[0..<written])
        owner = storage
    }

    public var count: Int { buffer.count }

    /// Memory of this process's own, freed with its last reference.
    private final class Allocation {
        let memory: UnsafeMutableBufferPointer<UInt8>
        init(count: Int) { memory = .allocate(capacity: max(count, 1)) }
        deinit { memory.deallocate() }
    }
}
