import Vocabulary

/// The trace page's column blobs as base64, written straight into the JSON text's buffer
/// (`takeJSON`): on two cores when they are large, from pieces of any length, letting go of
/// the bytes as they are written (issue 7).
extension TraceTableData {
    /// Column bytes from which `encodeColumns` writes their base64 on two cores.
    static let splitColumnBytes = 1 << 20

    /// The record columns' and the span columns' base64 into `records` and `spans`, letting go
    /// of the bytes as they are written; the data has no columns after.
    ///
    /// From `split` bytes on, on two cores: the record columns and the first part of the
    /// span columns on one, the rest of the span columns on the other, cut at a whole 3-byte
    /// group so that each side's text is the text's own. Why: the traces page is the last page
    /// made, so this ran on one core while the other was idle (10 MB of span columns at 500k
    /// spans, about 40 ms; issue 7). The parts are handed back 2 MB at a time, as the text's
    /// pages fill; a part both sides read is let go after both.
    mutating func encodeColumns(
        records: UnsafeMutableBufferPointer<UInt8>, spans: UnsafeMutableBufferPointer<UInt8>, splittingFrom split: Int
    ) {
        var trace = traceBytes, parts = spanParts
        traceBytes = []
        spanParts = []
        let lengths = parts.map(\.count)
        let spanTotal = lengths.reduce(0, +)
        let cut =
            trace.count + spanTotal >= split ? min(spanTotal, max(0, spanTotal - trace.count) / 2 / 3 * 3) : spanTotal
        parts.withUnsafeMutableBufferPointer { parts in
            func first() {
                var stream = Base64Stream(into: records)
                stream.append(trace)
                stream.finish()
                trace = []
                stream = Base64Stream(into: spans)
                Self.encode(parts, lengths: lengths, 0..<cut, into: &stream)
                stream.finish()
            }
            func second() {
                var stream = Base64Stream(into: UnsafeMutableBufferPointer(rebasing: spans[(cut / 3 * 4)...]))
                Self.encode(parts, lengths: lengths, cut..<spanTotal, into: &stream)
                stream.finish()
            }
            if cut < spanTotal { _ = CoreSplit.both(first, second) } else { first() }
        }
    }

    /// The bytes `range` of the span parts (offsets in the parts joined, whose `lengths` are
    /// given: the other side may empty its own parts meanwhile) appended to `stream`. A part
    /// wholly in `range` is let go once written.
    static func encode(
        _ parts: UnsafeMutableBufferPointer<[UInt8]>, lengths: [Int], _ range: Range<Int>, into stream: inout Base64Stream
    ) {
        var start = 0, released = 0
        for k in lengths.indices {
            let end = start + lengths[k]
            defer { start = end }
            let low = max(start, range.lowerBound), high = min(end, range.upperBound)
            guard low < high else { continue }
            parts[k].withUnsafeBufferPointer { stream.append(UnsafeBufferPointer(rebasing: $0[(low - start)..<(high - start)])) }
            guard low == start && high == end else { continue }
            parts[k] = []
            released += high - low
            if released >= 2_000_000 {
                FreeMemory.returnToSystem()
                released = 0
            }
        }
    }

    /// Base64 of bytes that come in pieces, written as if they were one run: up to two bytes of
    /// a piece wait for the next to make a whole 3-byte group, so the text is the same whatever
    /// the pieces' lengths.
    struct Base64Stream {
        let output: UnsafeMutableBufferPointer<UInt8>
        var written = 0
        /// The bytes waiting for a whole group: the first `carried` of `carry`.
        var carry: (UInt8, UInt8, UInt8) = (0, 0, 0)
        var carried = 0

        init(into output: UnsafeMutableBufferPointer<UInt8>) { self.output = output }

        mutating func append(_ bytes: [UInt8]) {
            bytes.withUnsafeBufferPointer { append($0) }
        }

        mutating func append(_ input: UnsafeBufferPointer<UInt8>) {
            var from = 0
            if carried > 0 {
                while carried < 3 && from < input.count {
                    withUnsafeMutableBytes(of: &carry) { $0[carried] = input[from] }
                    carried += 1
                    from += 1
                }
                guard carried == 3 else { return }
                writeCarry()
            }
            let whole = (input.count - from) / 3 * 3
            encode(UnsafeBufferPointer(rebasing: input[from..<(from + whole)]))
            for b in input[(from + whole)...] {
                withUnsafeMutableBytes(of: &carry) { $0[carried] = b }
                carried += 1
            }
        }

        /// Writes what is left, padded.
        mutating func finish() {
            if carried > 0 { writeCarry() }
        }

        private mutating func writeCarry() {
            let group = carry, count = carried
            withUnsafeBytes(of: group) { encode(UnsafeBufferPointer(rebasing: $0.bindMemory(to: UInt8.self)[0..<count])) }
            carried = 0
        }

        private mutating func encode(_ input: UnsafeBufferPointer<UInt8>) {
            guard !input.isEmpty else { return }
            Base64.encode(input, into: UnsafeMutableBufferPointer(rebasing: output[written...]))
            written += Base64.encodedCount(input.count)
        }
    }

    /// The record columns' bytes and the span columns' bytes, for tests.
    var columnBytes: (traces: [UInt8], spans: [UInt8]) { (traceBytes, Array(spanParts.joined())) }
}
