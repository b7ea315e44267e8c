import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// The embedded data as JSON text (the layout in `TraceTableData.swift`), with the column blobs
/// base64-encoded on every core straight into the text's buffer.
extension TraceTableData {
    static func base64Length(_ bytes: Int) -> Int { (bytes + 2) / 3 * 4 }

    /// The JSON text. `{{` and `}}` occur only inside strings (objects are written one key per
    /// line), where `\u007b`/`\u007d` mean the same; escaping them keeps the page free of text
    /// that looks like an unrendered template hole (DESIGN §6). Each row is escaped on its own:
    /// strings never span two rows, and base64 has no braces.
    func json() -> String {
        var out = "{\n  \"version\": 3,\n  \"listed\": \(listed),\n  \"records\": \(recordCount),\n"
        out += "  \"searchable\": \(searchableCount),\n  \"spanCount\": \(spanCount),\n  \"originMs\": \(originMs),\n"
        out += "  \"originSeconds\": " + JSONWriter.write(.number(Double(originMs) / 1e3)) + ",\n"
        out += "  \"all\": " + JSONWriter.write(.array(all)) + ",\n"
        func list(_ key: String, _ rows: [String]) {
            out += "  \"" + key + "\": ["
            for (i, row) in rows.enumerated() {
                if i > 0 { out += "," }
                out += Self.escapingBraces(row)
            }
            out += "],\n"
        }
        // Strings straight into the text (no row of their own: a unique value on every span made
        // that half a million Strings); `JSONWriter` escapes braces inside strings already, so
        // `escapingBraces` has nothing to do on them.
        out += "  \"strings\": ["
        for (i, string) in strings.enumerated() {
            if i > 0 { out += "," }
            JSONWriter.string(string, into: &out)
        }
        out += "],\n"
        list("resources", resourceRows)
        list("pairs", pairRows)
        list("serviceSets", serviceSetRows)
        list("shapes", shapeRows)
        list("pages", pageRows)
        list("colours", colourRows.map(\.1))
        // The blobs are written straight into the text's one buffer (no base64 string of its
        // own, ~13 MB at 500k spans), in pieces of whole 3-byte groups (whose encodings join
        // into the whole's) on every core.
        let middle = "\",\n  \"spanColumns\": \"", tail = "\"\n}"
        out += "  \"traceColumns\": \""
        let head = out.utf8.count
        let traceLength = Base64.encodedCount(traceBytes.count), spanStart = head + traceLength + middle.utf8.count
        let total = spanStart + Base64.encodedCount(spanBytes.count) + tail.utf8.count
        let pieces = [0..<traceBytes.count] + Self.base64Pieces(spanBytes.count)
        return String(unsafeUninitializedCapacity: total) { buffer in
            func write(_ text: String, at offset: Int) {
                _ = UnsafeMutableBufferPointer(rebasing: buffer[offset...]).initialize(fromContentsOf: text.utf8)
            }
            write(out, at: 0)
            write(middle, at: head + traceLength)
            write(tail, at: spanStart + Base64.encodedCount(spanBytes.count))
            let base = Address(buffer.baseAddress!)
            _ = CoreSplit.map(pieces.count) { k in
                let piece = pieces[k], start = k == 0 ? head : spanStart + piece.lowerBound / 3 * 4
                let output = UnsafeMutableBufferPointer(start: base.value + start, count: Base64.encodedCount(piece.count))
                (k == 0 ? traceBytes : spanBytes).withUnsafeBufferPointer { bytes in
                    Base64.encode(UnsafeBufferPointer(rebasing: bytes[piece]), into: output)
                }
            }
            return total
        }
    }

    /// A buffer's address, shared by the threads that fill disjoint parts of it.
    private struct Address: @unchecked Sendable {
        let value: UnsafeMutablePointer<UInt8>
        init(_ value: UnsafeMutablePointer<UInt8>) { self.value = value }
    }

    /// `count` bytes cut into up to eight ranges of whole 3-byte groups (the last may be shorter).
    static func base64Pieces(_ count: Int) -> [Range<Int>] {
        let pieces = max(1, min(8, count / 1_000_000))
        let size = ((count + pieces - 1) / pieces + 2) / 3 * 3
        return stride(from: 0, to: max(count, 1), by: max(size, 1)).map { $0..<min($0 + max(size, 1), count) }
    }

    /// The record columns' bytes and the span columns' bytes, for tests.
    var columnBytes: (traces: [UInt8], spans: [UInt8]) { (traceBytes, spanBytes) }

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
