import Digest
import Vocabulary

/// The UTF-8 bytes of a page held as consecutive pieces (the shell before the content, the
/// content, the shell after), read as if they were one buffer.
///
/// The trace page is megabytes; reading its pieces in place lets the policy be computed and the
/// page assembled once, in a buffer of its final size, instead of joining, scanning and
/// splicing copies (issue 7, peak memory).
struct PageBytes {
    let pieces: [UnsafeBufferPointer<UInt8>]
    /// The offset of each piece's first byte, and the total count last.
    private let offsets: [Int]

    init(_ pieces: [UnsafeBufferPointer<UInt8>]) {
        self.pieces = pieces
        var offsets = [0]
        for p in pieces { offsets.append(offsets.last! + p.count) }
        self.offsets = offsets
    }

    var count: Int { offsets.last! }

    /// The piece holding byte `i` (0 ≤ i < count).
    @inline(__always)
    func piece(holding i: Int) -> Int {
        var p = 0
        while offsets[p + 1] <= i { p += 1 }
        return p
    }

    @inline(__always)
    subscript(i: Int) -> UInt8 {
        if pieces.count == 1 { return pieces[0][i] }
        let p = piece(holding: i)
        return pieces[p][i - offsets[p]]
    }

    /// The bytes `range` decoded as UTF-8.
    func text(_ range: Range<Int>) -> String {
        guard !range.isEmpty else { return "" }
        let p = piece(holding: range.lowerBound)
        if range.upperBound <= offsets[p + 1] {
            let base = offsets[p]
            return String(
                decoding: UnsafeBufferPointer(rebasing: pieces[p][(range.lowerBound - base)..<(range.upperBound - base)]), as: UTF8.self)
        }
        return String(decoding: range.map { self[$0] }, as: UTF8.self)
    }

    /// `SHA256.cspSource` of the text of `range`, read in place when the range lies in one piece.
    func cspSource(_ range: Range<Int>) -> String {
        let p = range.isEmpty ? 0 : piece(holding: range.lowerBound)
        guard !range.isEmpty, range.upperBound <= offsets[p + 1] else { return SHA256.cspSource(text(range)) }
        let base = offsets[p]
        return SHA256.cspSource(utf8: UnsafeBufferPointer(rebasing: pieces[p][(range.lowerBound - base)..<(range.upperBound - base)]))
    }

    /// The first byte `b` at or after `from`, found piece by piece with `memchr`.
    func firstIndex(of b: UInt8, from: Int) -> Int? {
        guard from < count else { return nil }
        var p = piece(holding: from)
        var start = from - offsets[p]
        while p < pieces.count {
            let buffer = pieces[p]
            if let base = buffer.baseAddress, let hit = ByteSearch.first(b, in: base, start..<max(start, buffer.count)) {
                return offsets[p] + hit
            }
            p += 1
            start = 0
        }
        return nil
    }

    /// The first `first` at or after `from` that `second` follows, looked for as a two-byte
    /// needle inside each piece (`ByteSearch`, sixteen starts at a time), then across the piece's
    /// end: the policy looks for `<s` among a page's thousand tags, and a call of
    /// `firstIndex(of:from:)` for each `<` (finding its piece again each time), then of `memchr`
    /// for each, was most of the policy's cost (issue 7).
    func firstIndex(of first: UInt8, followedBy second: UInt8, from: Int) -> Int? {
        guard from < count else { return nil }
        var p = piece(holding: from)
        var start = from - offsets[p]
        while p < pieces.count {
            let buffer = pieces[p]
            if let base = buffer.baseAddress, start < buffer.count {
                let hit = withUnsafeBytes(of: (first, second)) { pair in
                    ByteSearch.first(pair.bindMemory(to: UInt8.self), in: buffer, from: start)
                }
                if let hit { return offsets[p] + hit }
                let end = offsets[p] + buffer.count
                if base[buffer.count - 1] == first, end < count, self[end] == second { return end - 1 }
            }
            p += 1
            start = 0
        }
        return nil
    }

    /// Where `range` lies: one (piece, range within the piece) per piece it touches.
    func locate(_ range: Range<Int>) -> [(piece: Int, range: Range<Int>)] {
        var out: [(piece: Int, range: Range<Int>)] = []
        for p in pieces.indices {
            let lo = max(range.lowerBound, offsets[p]), hi = min(range.upperBound, offsets[p + 1])
            if lo < hi { out.append((p, (lo - offsets[p])..<(hi - offsets[p]))) }
        }
        return out
    }

    /// Runs `body` with the bytes of `parts` read in place.
    static func with<R>(_ parts: [String], _ body: (PageBytes) -> R) -> R {
        var buffers: [UnsafeBufferPointer<UInt8>] = []
        func nest(_ k: Int) -> R {
            if k == parts.count { return body(PageBytes(buffers)) }
            var part = parts[k]  // shares the storage: a native string's bytes are read in place
            return part.withUTF8 { b in
                buffers.append(b)
                return nest(k + 1)
            }
        }
        return nest(0)
    }
}
