/// A fault in protobuf input: the byte offset where it was found, what is wrong, and the path
/// of the field it sits in (`resourceSpans[3].scopeSpans[0].spans[17].attributes[2]`), in the
/// OTLP/JSON field names so that it reads like the JSON readers' paths.
///
/// The path costs nothing while decoding succeeds: each message decoder catches the error of
/// the field it was reading and adds that field's name (and index, for repeated fields) as the
/// error passes outwards, so `components` holds the path innermost first.
struct ProtobufError: Error {
    var offset: Int
    var message: String
    /// Path components, innermost first.
    var components: [String] = []

    init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// The same error inside the field `name` (`spans[17]`, `status`) of the enclosing message.
    func inside(_ name: String) -> ProtobufError {
        var e = self
        e.components.append(name)
        return e
    }

    func inside(_ name: String, index: Int) -> ProtobufError {
        inside(name + "[\(index)]")
    }

    /// `resourceSpans[3].scopeSpans[0].spans[17]` (empty at the top level).
    var path: String {
        components.reversed().joined(separator: ".")
    }
}
