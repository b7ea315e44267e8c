/// Finds the JSON path of the value at a byte offset, by walking the document again.
///
/// Decoders keep no path stack on their hot path; errors and warnings are rare, so the path
/// (`resourceSpans[0].scopeSpans[1].spans[4].traceId`, STYLE.md) is rebuilt only when one is
/// reported. If the walk meets a syntax error before the offset, the path reached so far is
/// returned: that is where the damage is.
public enum JSONPathLocator {
    /// The path of the innermost value whose text contains `offset`, walking the value that
    /// starts at `start`. An offset on a key or a comma gives the path of the enclosing container.
    public static func path(
        in bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, end: Int? = nil,
        to offset: Int
    ) -> [JSONPathComponent] {
        var walker = Walker(reader: JSONReader(bytes: bytes, start: start, end: end), target: offset)
        do {
            _ = try walker.walk(depth: 0)
        } catch {
            // A syntax error: keep the path where the walk stopped.
        }
        return walker.path
    }

    private struct Walker {
        var reader: JSONReader
        let target: Int
        var path: [JSONPathComponent] = []

        /// Walks one value; true when the target lies inside it (and `path` then points there).
        mutating func walk(depth: Int) throws(JSONError) -> Bool {
            let start = reader.valueOffset()
            if start > target { return false }
            guard depth < JSONReader.maximumDepth else { throw reader.error("too deep") }
            switch try reader.peek() {
            case .object:
                try reader.beginObject()
                while let key = try reader.nextKey() {
                    path.append(.key(key))
                    if try walk(depth: depth + 1) { return true }
                    path.removeLast()
                    if reader.position > target { return true }
                }
            case .array:
                try reader.beginArray()
                var index = 0
                while try reader.nextElement() {
                    path.append(.index(index))
                    if try walk(depth: depth + 1) { return true }
                    path.removeLast()
                    if reader.position > target { return true }
                    index += 1
                }
            default:
                try reader.skipValue()
            }
            return reader.position > target
        }
    }
}
