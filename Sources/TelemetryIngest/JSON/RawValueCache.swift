#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Decoded objects by the text they were decoded from, for objects a file repeats verbatim: the
/// resource and scope that a collector writes again on every line, ahead of each batch (with
/// one trace a line, once per five spans). Holds the last `capacity` distinct texts, replaced
/// oldest first.
///
/// A handful of texts are compared one by one with the bytes ahead, which fails within the
/// first differing bytes. Past `linearLimit` of them (a collector in front of many services or
/// pods: each line names dozens of resources, each with its own `service.instance.id` or
/// `k8s.pod.name`), the bytes ahead are measured to the object's closing brace
/// (`objectEnd`), hashed (`ByteInterner.hash`), and looked up: one comparison, whatever the
/// count. With 60 distinct resources a line, comparing each with 32 remembered texts found
/// none (they cycle past the oldest), so every resource was decoded and hashed again, doubling
/// the read (issue 7).
///
/// A file whose objects never repeat would only pay for the lookups and copies: after 256
/// lookups, the cache stops looking when fewer than a quarter found their text, and decoding
/// goes on as if it were not there.
struct RawValueCache<Value> {
    private var texts: [[UInt8]] = []
    private var values: [Value] = []
    /// Entries by their text's `hash`; a text whose hash another entry has is not indexed (it
    /// is then only found while the entries are few enough to compare one by one).
    private var index: [UInt64: Int] = [:]
    /// For each entry, the entry met after it last time (−1 for none yet), and the entry met
    /// last (found or added).
    private var successor: [Int] = []
    private var previous = -1
    private var next = 0
    private var lookups = 0, hits = 0
    /// Bytes of the texts held, at most `byteLimit` but for the last text added.
    private var textBytes = 0
    let capacity: Int
    /// Entries compared one by one before the lookup by hash takes over.
    let linearLimit: Int
    /// Bytes of text past which the oldest entry is replaced even below `capacity`: a decoder
    /// lives for one run of a file, and a file of large resources that never repeat keeps
    /// inserting until `isUseful` says otherwise (256 lookups).
    let byteLimit: Int

    init(capacity: Int = 1_024, linearLimit: Int = 8, byteLimit: Int = 1 << 20) {
        self.capacity = capacity
        self.linearLimit = linearLimit
        self.byteLimit = byteLimit
    }

    /// The texts held.
    var count: Int { texts.count }

    /// Whether the cache is still worth looking in.
    var isUseful: Bool { lookups < 256 || hits * 4 >= lookups }

    /// The value of entry `entry` (as `match` or `insert` gave it; valid until the entry is
    /// replaced by a later `insert`).
    subscript(entry: Int) -> Value { values[entry] }

    /// The cached text that `bytes[from..<to]` begins with, by its length, and its entry. The
    /// entry, not the value: a value handed out is retained, and the values are shared by the
    /// decoders of every core, whose retains of the same objects cost more than the rest of a
    /// repeated resource's reading (issue 7, one trace a line).
    mutating func match(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> (length: Int, entry: Int)? {
        guard isUseful, let base = bytes.baseAddress else { return nil }
        lookups += 1
        func begins(with k: Int) -> Bool {
            texts[k].count <= to - from && texts[k].withUnsafeBufferPointer { memcmp($0.baseAddress!, base + from, $0.count) } == 0
        }
        // A file repeats its resources in the same order line after line: the entry that came
        // after the last one found is tried first.
        if previous >= 0, successor[previous] >= 0, begins(with: successor[previous]) { return found(successor[previous]) }
        if texts.count <= linearLimit {
            for k in texts.indices where begins(with: k) { return found(k) }
            return nil
        }
        // Every cached text is an object's, so the bytes ahead can only begin with one that
        // ends where their own object ends.
        guard let end = Self.objectEnd(bytes, from: from, to: to) else { return nil }
        let candidate = UnsafeBufferPointer(rebasing: bytes[from..<end])
        guard let k = index[ByteInterner.hash(candidate)], texts[k].count == candidate.count, begins(with: k) else { return nil }
        return found(k)
    }

    /// Entry `k` found: counted, and remembered as the successor of the one found before.
    private mutating func found(_ k: Int) -> (length: Int, entry: Int) {
        hits += 1
        follow(k)
        return (texts[k].count, k)
    }

    private mutating func follow(_ k: Int) {
        if previous >= 0 && previous != k { successor[previous] = k }
        previous = k
    }

    /// Remembers `value` as decoded from `text`, in place of the oldest when full. Only an
    /// object's text (after any whitespace) is kept: an object ends at its closing brace, so
    /// bytes that begin with the text hold that object and nothing else; a number's text
    /// (`12` of `123`) would not. Returns the entry that holds it, nil when it was not kept.
    @discardableResult
    mutating func insert(_ text: UnsafeBufferPointer<UInt8>, _ value: Value) -> Int? {
        guard isUseful, let first = text.first(where: { !Self.isSpace($0) }), first == UInt8(ascii: "{"),
            text.last == UInt8(ascii: "}")
        else { return nil }
        let hash = ByteInterner.hash(text)
        let k: Int
        if texts.count < capacity && (texts.isEmpty || textBytes + text.count <= byteLimit) {
            k = texts.count
            texts.append(Array(text))
            values.append(value)
            successor.append(-1)
        } else {
            k = next
            let oldHash = texts[k].withUnsafeBufferPointer { ByteInterner.hash($0) }
            if index[oldHash] == k { index[oldHash] = nil }
            textBytes -= texts[k].count
            texts[k] = Array(text)
            values[k] = value
            successor[k] = -1
            next = (next + 1) % texts.count
        }
        textBytes += text.count
        if index[hash] == nil { index[hash] = k }
        follow(k)
        return k
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    /// The offset just past the object that `bytes[from..<to]` begins with (after any
    /// whitespace), as the reader skips it (`JSONReader.skipValue`); nil when the bytes do not
    /// begin with `{` or hold no whole valid object there.
    static func objectEnd(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard let first = bytes[from..<to].first(where: { !isSpace($0) }), first == UInt8(ascii: "{") else { return nil }
        var reader = JSONReader(bytes: bytes, start: from, end: to)
        do {
            try reader.skipValue()
        } catch {
            return nil
        }
        return reader.position
    }
}
