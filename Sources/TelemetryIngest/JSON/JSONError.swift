/// A JSON syntax error or a decoding error, as a value that carries the byte offset where it
/// was found, so that the loader can turn it into `file:line:column` and a JSON path.
///
/// Decoders throw it with only an offset and a message; the path is rebuilt afterwards by
/// `JSONPathLocator` (errors are rare, so the hot path keeps no path stack).
public struct JSONError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Byte offset in the buffer the reader was created over.
    public var offset: Int
    /// A terse headline naming the fact, no trailing period (STYLE.md).
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "at byte \(offset): \(message)" }
}

/// One step of a JSON path: an object key or an array index.
public enum JSONPathComponent: Hashable, Sendable {
    case key(String)
    case index(Int)

    /// `resourceSpans[0].scopeSpans[1].spans[4].traceId`, the form users know from jq.
    public static func render(_ path: [JSONPathComponent]) -> String {
        var out = ""
        for component in path {
            switch component {
            case .key(let k):
                if !out.isEmpty { out += "." }
                out += k
            case .index(let i):
                out += "[\(i)]"
            }
        }
        return out
    }
}
