import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// The embedded data as JSON text (the layout in `TraceTableData.swift`): its tables written
/// into buffers the budget sized, and the column blobs' base64 (`TraceTableData+Base64`)
/// straight into the text's buffer.
extension TraceTableData {
    /// The JSON text. `{{` and `}}` occur only inside strings (objects are written one key per
    /// line), where `\u007b`/`\u007d` mean the same; escaping them keeps the page free of text
    /// that looks like an unrendered template hole (DESIGN §6). Each row is escaped on its own:
    /// strings never span two rows, and base64 has no braces.
    func json(splittingFrom split: Int = splitTextBytes, columnsFrom columnSplit: Int = splitColumnBytes) -> String {
        var copy = self
        return copy.takeJSON(splittingFrom: split, columnsFrom: columnSplit)
    }

    /// `json()`, letting go of the column bytes as they are written into the text, so that the
    /// columns and the text are not held whole at once (issue 7); the data has no columns after.
    /// `split`: the bytes of strings and pairs from which they are written on two cores;
    /// `columnSplit`, of the columns.
    mutating func takeJSON(splittingFrom split: Int = splitTextBytes, columnsFrom columnSplit: Int = splitColumnBytes) -> String {
        // The strings on one core and the other tables on the other when they are many (a
        // unique value per span: half a million strings to escape, and as many pairs; 0.93×
        // the render's time), each into room reserved from the budget's count of its bytes. A
        // few hundred kilobytes of them are written on this core: a helper's part there was
        // no faster and left 1–2 MiB more at the peak (the collector 500k file).
        var out = "{\n  \"version\": 3,\n  \"listed\": \(listed),\n  \"records\": \(recordCount),\n"
        out += "  \"searchable\": \(searchableCount),\n  \"spanCount\": \(spanCount),\n  \"originMs\": \(originMs),\n"
        out += "  \"originSeconds\": " + JSONWriter.write(.number(Double(originMs) / 1e3)) + ",\n"
        out += "  \"all\": " + JSONWriter.write(.array(all)) + ",\n"
        var texts: [String] = {
            let (strings, tables) =
                stringTextBytes + pairTextBytes >= split
                ? CoreSplit.both({ stringsText() }, { tablesText() }) : (stringsText(), tablesText())
            return [out, strings, tables, "  \"traceColumns\": \""]
        }()
        out = ""
        // The tables are written: let them go before the text's buffer is made beside them.
        dropTables()
        let middle = "\",\n  \"spanColumns\": \"", tail = "\"\n}"
        let head = texts.reduce(0) { $0 + $1.utf8.count }
        let traceLength = Base64.encodedCount(traceBytes.count), spanStart = head + traceLength + middle.utf8.count
        let spanLength = Base64.encodedCount(spanParts.reduce(0) { $0 + $1.count })
        let total = spanStart + spanLength + tail.utf8.count
        return String(unsafeUninitializedCapacity: total) { buffer in
            func write(_ text: String, at offset: Int) {
                _ = UnsafeMutableBufferPointer(rebasing: buffer[offset...]).initialize(fromContentsOf: text.utf8)
            }
            var offset = 0
            for text in texts {
                write(text, at: offset)
                offset += text.utf8.count
            }
            texts = []
            write(middle, at: head + traceLength)
            write(tail, at: spanStart + spanLength)
            encodeColumns(
                records: UnsafeMutableBufferPointer(rebasing: buffer[head..<(head + traceLength)]),
                spans: UnsafeMutableBufferPointer(rebasing: buffer[spanStart..<(spanStart + spanLength)]), splittingFrom: columnSplit)
            return total
        }
    }

    /// Bytes of strings and pairs from which `takeJSON` writes them on two cores.
    static let splitTextBytes = 4 << 20

    /// The `"strings"` member: written straight into the text (no row of their own: a unique
    /// value on every span made that half a million Strings); `JSONWriter` escapes braces
    /// inside strings already, so `escapingBraces` has nothing to do on them.
    ///
    /// Written into a buffer of the length the budget counted (`stringTextBytes`), a span-table
    /// string that needs no escape copied from the table's bytes: a `String` made of each would
    /// be an allocation apiece for a unique value per span (issue 7). Should the count ever fall
    /// short, the text is written again by appending, so the bytes are the same either way
    /// (`capacity`: the buffer's length, given only by tests).
    func stringsText(capacity: Int? = nil) -> String {
        let head = "  \"strings\": [", tail = "],\n"
        var fits = true
        let text = String(unsafeUninitializedCapacity: capacity ?? stringTextBytes + head.utf8.count + tail.utf8.count) { buffer in
            var n = 0
            func put(_ bytes: UnsafeBufferPointer<UInt8>, quoted: Bool) {
                let length = bytes.count + (quoted ? 2 : 0)
                guard fits, n + length <= buffer.count else {
                    fits = false
                    return
                }
                if quoted { buffer[n] = 0x22 }
                _ = UnsafeMutableBufferPointer(rebasing: buffer[(n + (quoted ? 1 : 0))...]).initialize(fromContentsOf: bytes)
                if quoted { buffer[n + length - 1] = 0x22 }
                n += length
            }
            func put(_ text: String) {
                var text = text
                text.withUTF8 { put($0, quoted: false) }
            }
            put(head)
            for k in stringRefs.indices {
                if k > 0 { put(",") }
                // The strings come in the page's order, which is not the table's: a hint for the
                // start of one 16 ahead, and (with that start at hand) for the bytes of one 8 ahead.
                if k + 16 < stringRefs.count, stringRefs[k + 16] >= 0 { spanStrings.prefetchStart(of: UInt32(stringRefs[k + 16])) }
                if k + 8 < stringRefs.count, stringRefs[k + 8] >= 0 { spanStrings.prefetchBytes(of: UInt32(stringRefs[k + 8])) }
                let ref = stringRefs[k]
                if ref >= 0 {
                    spanStrings.withUTF8(of: UInt32(ref)) { bytes in
                        if JSONWriter.isPlain(bytes) { return put(bytes, quoted: true) }
                        var escaped = ""
                        JSONWriter.string(String(decoding: bytes, as: UTF8.self), into: &escaped)
                        put(escaped)
                    }
                } else {
                    var escaped = ""
                    JSONWriter.string(otherStrings[Int(-1 - ref)], into: &escaped)
                    put(escaped)
                }
            }
            put(tail)
            return fits ? n : 0
        }
        if fits { return text }
        var out = head
        for k in stringRefs.indices {
            if k > 0 { out += "," }
            JSONWriter.string(string(at: k), into: &out)
        }
        return out + tail
    }

    /// The members from `"resources"` to `"colours"`, each row escaped on its own.
    ///
    /// Written into a buffer of the length the budget counted, a pair of two string indexes
    /// from its integers (no braces to escape): appended piece by piece to a `String`, the pairs
    /// (a unique value per span: half a million) took about 55 ms on one core while the strings,
    /// on the other, were done (issue 7). Should the count fall short (a row that needed its
    /// braces escaped), the text is appended as before (`appendedTablesText`), so the bytes are
    /// the same either way (`capacity`: the buffer's length, given only by tests).
    func tablesText(capacity: Int? = nil) -> String {
        let lists = listsAfterPairs
        let room =
            capacity ?? pairTextBytes + rowBytes(resourceRows) + lists.reduce(0) { $0 + rowBytes($1.rows) } + 4_096
        var fits = true
        let text = String(unsafeUninitializedCapacity: room) { buffer in
            var n = 0
            func put(_ bytes: UnsafeBufferPointer<UInt8>) {
                guard fits, n + bytes.count <= buffer.count else {
                    fits = false
                    return
                }
                _ = UnsafeMutableBufferPointer(rebasing: buffer[n...]).initialize(fromContentsOf: bytes)
                n += bytes.count
            }
            func put(_ text: String) {
                var text = text
                text.withUTF8 { put($0) }
            }
            func put(byte: UInt8) {
                guard fits, n < buffer.count else {
                    fits = false
                    return
                }
                buffer[n] = byte
                n += 1
            }
            func list(_ key: String, _ rows: [String]) {
                put("  \"" + key + "\": [")
                for (i, row) in rows.enumerated() {
                    if i > 0 { put(byte: UInt8(ascii: ",")) }
                    put(Self.escapingBraces(row))
                }
                put("],\n")
            }
            list("resources", resourceRows)
            put("  \"pairs\": [")
            for (p, cell) in pairCells.enumerated() where fits {
                guard cell.key >= 0 else {
                    if p > 0 { put(byte: UInt8(ascii: ",")) }
                    put(Self.escapingBraces(pairTexts[Int(cell.value)]))
                    continue
                }
                // `,[-k,v]`: at most 26 bytes, checked once.
                guard n + 26 <= buffer.count else {
                    fits = false
                    break
                }
                if p > 0 {
                    buffer[n] = UInt8(ascii: ",")
                    n += 1
                }
                buffer[n] = UInt8(ascii: "[")
                n = Self.writeDecimal(-1 - Int(cell.key), into: buffer, at: n + 1)
                buffer[n] = UInt8(ascii: ",")
                n = Self.writeDecimal(Int(cell.value), into: buffer, at: n + 1)
                buffer[n] = UInt8(ascii: "]")
                n += 1
            }
            put("],\n")
            for l in lists { list(l.key, l.rows) }
            return fits ? n : 0
        }
        return fits ? text : appendedTablesText()
    }

    /// Writes `value` in decimal at `start`, as `String(value)` writes it (a minus sign, no
    /// leading zeros; at most 20 bytes), and returns the index after it.
    @inline(__always)
    static func writeDecimal(_ value: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        var n = start
        if value < 0 {
            buffer[n] = UInt8(ascii: "-")
            n += 1
        }
        var magnitude = value.magnitude
        var digits = 1, scale: UInt = 10
        while digits < 20 && magnitude >= scale {
            digits += 1
            if digits < 20 { scale *= 10 }
        }
        var k = n + digits - 1
        repeat {
            buffer[k] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            k -= 1
        } while k >= n
        return n + digits
    }

    /// `tablesText()` appended piece by piece: the way taken when its buffer would be too short.
    func appendedTablesText() -> String {
        var out = ""
        out.reserveCapacity(pairTextBytes + rowBytes(resourceRows) + 4_096)
        func list(_ key: String, _ rows: [String]) {
            out += "  \"" + key + "\": ["
            for (i, row) in rows.enumerated() {
                if i > 0 { out += "," }
                out += Self.escapingBraces(row)
            }
            out += "],\n"
        }
        list("resources", resourceRows)
        // A pair of two string indexes is written from the integers (no braces to escape).
        out += "  \"pairs\": ["
        for (p, cell) in pairCells.enumerated() {
            if p > 0 { out += "," }
            if cell.key >= 0 {
                out += "["
                out += String(-1 - Int(cell.key))
                out += ","
                out += String(cell.value)
                out += "]"
            } else {
                out += Self.escapingBraces(pairTexts[Int(cell.value)])
            }
        }
        out += "],\n"
        for l in listsAfterPairs { list(l.key, l.rows) }
        return out
    }

    /// The members after `"pairs"`, in the order written, each a list of rows.
    private var listsAfterPairs: [(key: String, rows: [String])] {
        [("serviceSets", serviceSetRows), ("shapes", shapeRows), ("pages", pageRows), ("colours", colourRows.map(\.1))]
    }

    /// Lets go of the interned tables and their indexes once their rows are in the text (a
    /// unique value per span: about 40 MB at 500k spans, issue 7).
    private mutating func dropTables() {
        stringRefs = []
        otherStrings = []
        stringIndex = [:]
        spanStringIndex = []
        resourceRows = []
        resourceIndex = [:]
        pairCells = []
        pairTexts = []
        pairIndex = IntegerMap()
        pairJournal = []
        stringValuePair = []
        stringValueKey = []
        otherIndex = [:]
        serviceSetRows = []
        shapeRows = []
        shapeNumbers = ShapeNumbers()
        pageRows = []
        colourRows = []
        colouredStrings = []
        serviceSetIndex = [:]
    }

    /// `{{` → `{\u007b` and `}}` → `}\u007d`, left to right, as `replacingOccurrences` would;
    /// the text itself when it has neither (nearly always).
    static func escapingBraces(_ text: String) -> String {
        var previous: UInt8 = 0
        var found = false
        for b in text.utf8 {
            if (b == UInt8(ascii: "{") || b == UInt8(ascii: "}")) && b == previous {
                found = true
                break
            }
            previous = b
        }
        guard found else { return text }
        return text.replacingOccurrences(of: "{{", with: "{\\u007b").replacingOccurrences(of: "}}", with: "}\\u007d")
    }
}
