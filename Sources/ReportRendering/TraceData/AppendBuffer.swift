import Vocabulary

/// Values appended through a raw pointer, for the trace page's loops over every span and
/// attribute (`TraceTableData.SpanChunk`'s ids, `VarintBuffer`'s bytes): an array's append
/// checks its buffer's uniqueness and room for every value, and those loops append millions.
/// The buffer doubles when full; `array()` copies the values out when the loop is done.
struct AppendBuffer<Element: BitwiseCopyable>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        self.capacity = Swift.max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always)
    mutating func append(_ value: Element) {
        reserve(1)
        appendInRoom(value)
    }

    /// Room for `n` more values, so that `n` calls of `appendInRoom` need no check.
    @inline(__always)
    mutating func reserve(_ n: Int) {
        if capacity - count < n { grow(to: count + n) }
    }

    /// Appends `value` where `reserve` made room.
    @inline(__always)
    mutating func appendInRoom(_ value: Element) {
        base[count] = value
        count += 1
    }

    /// Appends `values`, growing the buffer if they do not fit.
    @inline(__always)
    mutating func append(contentsOf values: UnsafeBufferPointer<Element>) {
        guard let source = values.baseAddress else { return }
        let n = values.count
        reserve(n)
        let bytes = n * MemoryLayout<Element>.stride
        let to = UnsafeMutableRawPointer(base + count), from = UnsafeRawPointer(source)
        if bytes <= 32 {
            // A few bytes (a key, a separator, an indent): copied as overlapping words from both
            // ends, rather than by a call to `memmove` each (a loop of single bytes is made one).
            func copy<Word: FixedWidthInteger>(_: Word.Type, at offset: Int) {
                to.storeBytes(of: from.loadUnaligned(fromByteOffset: offset, as: Word.self), toByteOffset: offset, as: Word.self)
            }
            switch bytes {
            case 16...:
                copy(UInt64.self, at: 0)
                copy(UInt64.self, at: 8)
                copy(UInt64.self, at: bytes - 16)
                copy(UInt64.self, at: bytes - 8)
            case 8...:
                copy(UInt64.self, at: 0)
                copy(UInt64.self, at: bytes - 8)
            case 4...:
                copy(UInt32.self, at: 0)
                copy(UInt32.self, at: bytes - 4)
            case 2...:
                copy(UInt16.self, at: 0)
                copy(UInt16.self, at: bytes - 2)
            case 1:
                copy(UInt8.self, at: 0)
            default: break
            }
        } else {
            to.copyMemory(from: from, byteCount: bytes)
        }
        count += n
    }

    @inline(never)
    private mutating func grow(to needed: Int) {
        (base, capacity) = UnsafeMutablePointer.grown(from: base, count: count, capacity: capacity, needed: needed)
    }

    /// The values appended from `start` on; valid until the next append.
    func elements(from start: Int) -> UnsafeBufferPointer<Element> {
        UnsafeBufferPointer(start: base + start, count: count - start)
    }

    /// The values appended, in an array of their count.
    func array() -> [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
