import Vocabulary

/// Writing a large value on every core (`report.json`): the value cut into pieces that are
/// written side by side and joined in order, with the bytes `write` gives.
extension JSONWriter {
    /// `write(value)`, its containers cut into pieces written on every core and joined in order:
    /// the same bytes, as each piece is written with the indent it has in the whole.
    ///
    /// Containers (objects, and arrays that are not one line) down to `depth` levels are cut into
    /// their members; deeper ones are written whole by one core. Why: `report.json` is written
    /// before the pages, on one core while the other waited; with 60 services it is 1.1 MB (the
    /// latency dashboard's 240 panels 0.96 MB of it), about 13 ms in a timeline of a 500k render
    /// (issue 7).
    ///
    /// An array of more than `chunkFrom` members that would be cut is cut into at most
    /// `chunkCount` runs of members instead, each written whole: with a span name per request (an
    /// id in the name) the window comparison lists tens of thousands of operations, and a piece
    /// per member (hundreds of thousands, each its own arrays) took longer than writing them.
    /// `ending` follows the text (`report.json`'s newline). The value is taken, not borrowed, so
    /// that the tree is let go with the pieces once they are written, before the text is made
    /// (the caller's copy held it to the end).
    public static func writeOnEveryCore(
        _ value: consuming JSONValue, depth: Int = 4, chunkFrom: Int = 256, chunkCount: Int = 64, ending: StaticString = ""
    ) -> String {
        let parts = writePartsOnEveryCore(value, depth: depth, chunkFrom: chunkFrom, chunkCount: chunkCount, ending: ending)
        return parts.count == 1 ? parts[0] : parts.joined()
    }

    /// `writeOnEveryCore`'s text as consecutive parts (at most `partCount`, of about equal
    /// size), each made from its pieces on some core, and each piece let go once copied.
    ///
    /// Why parts: a file's parts are written out in turn (`RenderedFile`), and one string of the
    /// whole was made on one core, which checked all of it as UTF-8 and copied it once more: with
    /// a span name per request `report.json` is 35 MB, and that check alone was 132 samples at
    /// 2 kHz (issue 7). Joining the pieces into bytes, a `String` of those and that string with
    /// the newline had been three copies alive at once; the pieces are still let go as they are
    /// copied, so no more than one copy and the parts in flight are.
    public static func writePartsOnEveryCore(
        _ value: consuming JSONValue, depth: Int = 4, chunkFrom: Int = 256, chunkCount: Int = 64, ending: StaticString = "",
        partCount: Int = 16
    ) -> [String] {
        var pieces: [Piece] = []
        var text = Bytes()
        let chunking = Chunking(from: max(1, chunkFrom), count: max(1, chunkCount))
        cut(value, indent: 0, depth: depth, chunking: chunking, text: &text, into: &pieces)
        _ = consume value
        if !text.isEmpty { pieces.append(.text(text.array())) }
        var written = CoreSplit.map(pieces.count) { k -> [UInt8] in
            switch pieces[k] {
            case .text(let bytes): return bytes
            case .value(let v, let indent):
                var out = Bytes()
                write(v, indent: indent, into: &out)
                return out.array()
            case .items(let items, let indent, let closes):
                var out = Bytes()
                writeMembers(items, indent: indent, closes: closes, into: &out)
                return out.array()
            case .run(let members, let range, let indent, let closes):
                var out = Bytes()
                writeMembers(members, range, indent: indent, closes: closes, into: &out)
                return out.array()
            }
        }
        pieces = []
        // Runs of consecutive pieces of about a `partCount`-th of the text each; every piece is
        // whole values or the text between them, so each run is UTF-8 on its own.
        let total = written.reduce(0) { $0 + $1.count }
        let most = max(1, partCount)
        let target = max(1, (total + most - 1) / most)
        var bounds = [0], run = 0
        for k in written.indices {
            run += written[k].count
            if run >= target && k + 1 < written.count && bounds.count < most {
                bounds.append(k + 1)
                run = 0
            }
        }
        bounds.append(written.count)
        let tail = UnsafeBufferPointer(start: ending.utf8Start, count: ending.utf8CodeUnitCount)
        let last = bounds.count - 2
        return written.withUnsafeMutableBufferPointer { bytes in
            CoreSplit.map(bounds.count - 1) { g -> String in
                let range = bounds[g]..<bounds[g + 1]
                let size = range.reduce(0) { $0 + bytes[$1].count } + (g == last ? tail.count : 0)
                return String(unsafeUninitializedCapacity: size) { buffer in
                    var at = 0
                    for k in range {
                        bytes[k].withUnsafeBufferPointer { piece in
                            _ = UnsafeMutableBufferPointer(rebasing: buffer[at..<(at + piece.count)]).initialize(fromContentsOf: piece)
                        }
                        at += bytes[k].count
                        // Each run's pieces are its own: let go here, on the core that copied them.
                        bytes[k] = []
                    }
                    if g == last {
                        _ = UnsafeMutableBufferPointer(rebasing: buffer[at..<(at + tail.count)]).initialize(fromContentsOf: tail)
                        at += tail.count
                    }
                    return at
                }
            }
        }
    }

    /// A piece of `writeOnEveryCore`'s text: literal bytes, a value to write at an indent, or a
    /// run of an array's members, each at an indent and followed by `,` and a newline (the last
    /// by a newline alone when the run `closes` the array).
    enum Piece {
        case text([UInt8])
        case value(JSONValue, indent: Int)
        case items(ArraySlice<JSONValue>, indent: Int, closes: Bool)
        /// The same for a run of a `JSONValue.members`.
        case run(JSONValue.Members, Range<Int>, indent: Int, closes: Bool)
    }

    /// When `cut` writes a large array's members in runs instead of one piece each.
    struct Chunking {
        var from: Int
        var count: Int
    }

    /// The pieces of `value` at `indent`, as `write` lays it out: the text between members goes
    /// into `text`, which becomes a piece of its own before each member cut off.
    static func cut(
        _ value: JSONValue, indent: Int, depth: Int, chunking: Chunking, text: inout Bytes, into pieces: inout [Piece]
    ) {
        func member(_ v: JSONValue) {
            if depth > 1 {
                cut(v, indent: indent + 2, depth: depth - 1, chunking: chunking, text: &text, into: &pieces)
            } else {
                if !text.isEmpty { pieces.append(.text(text.array())) }
                text = Bytes()
                pieces.append(.value(v, indent: indent + 2))
            }
        }
        // A large array's members in at most `chunking.count` runs, a piece each.
        func runs(of count: Int, _ piece: (Range<Int>, _ closes: Bool) -> Piece) {
            text.append("[\n")
            pieces.append(.text(text.array()))
            text = Bytes()
            let runs = min(chunking.count, count)
            for r in 0..<runs { pieces.append(piece(Parallel.part(r, of: count, parts: runs), r == runs - 1)) }
            text.appendSpaces(indent)
            text.append("]")
        }
        switch value {
        case .object(let pairs) where depth > 0 && !pairs.isEmpty:
            text.append("{\n")
            for (i, (k, v)) in pairs.enumerated() {
                text.appendSpaces(indent + 2)
                string(k, into: &text)
                text.append(": ")
                member(v)
                text.append(i + 1 < pairs.count ? ",\n" : "\n")
            }
            text.appendSpaces(indent)
            text.append("}")
        case .array(let items) where depth > 0 && items.count > chunking.from && !items.allSatisfy(isCompact):
            runs(of: items.count) { .items(items[$0], indent: indent + 2, closes: $1) }
        case .members(let members) where depth > 0 && members.count > chunking.from:
            runs(of: members.count) { .run(members, $0, indent: indent + 2, closes: $1) }
        case .array(let items) where depth > 0 && !items.isEmpty && !items.allSatisfy(isCompact):
            text.append("[\n")
            for (i, item) in items.enumerated() {
                text.appendSpaces(indent + 2)
                member(item)
                text.append(i + 1 < items.count ? ",\n" : "\n")
            }
            text.appendSpaces(indent)
            text.append("]")
        default:
            write(value, indent: indent, into: &text)
        }
    }
}
