import TelemetryModel

/// A small JSON tree of one document or one span, read with `JSONReader`, for the formats
/// whose fields depend on each other (Jaeger's `type` decides how `value` is read and may come
/// after it; OpenSearch documents mix flattened `a.b@c` keys with nested objects).
///
/// Decoders never build a tree of a whole file (DESIGN §7): they pull the envelope with the
/// reader and build one node per span or per NDJSON line, so memory stays bounded by the
/// largest span. Every node keeps the byte offset it starts at, so errors and warnings point
/// at the value (`Diagnostic(_:in:file:documentStart:)` rebuilds its JSON path).
struct JSONNode {
    /// One member of an object, in document order.
    struct Member {
        var key: String
        var node: JSONNode
    }

    indirect enum Value {
        case object([Member])
        case array([JSONNode])
        case string(String)
        case number(JSONNumber)
        case bool(Bool)
        case null
    }

    /// Offset of the value's first byte in the reader's buffer.
    var offset: Int
    var value: Value

    /// Reads the next value as a tree, checking its syntax.
    static func read(_ reader: inout JSONReader, depth: Int = 0) throws(JSONError) -> JSONNode {
        let offset = reader.valueOffset()
        guard depth < JSONReader.maximumDepth else {
            throw reader.error("nesting deeper than \(JSONReader.maximumDepth) levels")
        }
        switch try reader.peek() {
        case .object:
            var members: [Member] = []
            try reader.beginObject()
            while let key = try reader.nextKey() {
                members.append(Member(key: key, node: try read(&reader, depth: depth + 1)))
            }
            return JSONNode(offset: offset, value: .object(members))
        case .array:
            var elements: [JSONNode] = []
            try reader.beginArray()
            while try reader.nextElement() { elements.append(try read(&reader, depth: depth + 1)) }
            return JSONNode(offset: offset, value: .array(elements))
        case .string: return JSONNode(offset: offset, value: .string(try reader.readString()))
        case .number: return JSONNode(offset: offset, value: .number(try reader.readNumber()))
        case .bool: return JSONNode(offset: offset, value: .bool(try reader.readBool()))
        case .null:
            try reader.readNull()
            return JSONNode(offset: offset, value: .null)
        }
    }

    // MARK: Views

    /// The member `key` of an object (the last one when repeated, as most parsers do); nil
    /// when absent, null, or not an object.
    subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        for member in members.reversed() where member.key == key {
            if case .null = member.node.value { return nil }
            return member.node
        }
        return nil
    }

    var members: [Member] {
        if case .object(let m) = value { return m }
        return []
    }

    var elements: [JSONNode] {
        if case .array(let a) = value { return a }
        return []
    }

    var isObject: Bool { if case .object = value { return true } else { return false } }
    var isArray: Bool { if case .array = value { return true } else { return false } }

    /// A string, or the text of a number (exporters disagree on which they write).
    var text: String? {
        switch value {
        case .string(let s): return s
        case .number(let n): return n.text
        default: return nil
        }
    }

    var string: String? { if case .string(let s) = value { return s } else { return nil } }

    /// An exact integer from a number or a decimal string.
    var int64: Int64? {
        switch value {
        case .number(let n): return n.int64
        case .string(let s): return Int64(s)
        default: return nil
        }
    }

    /// A double from a number or a numeric string.
    var double: Double? {
        switch value {
        case .number(let n): return n.double
        case .string(let s): return Double(s)
        default: return nil
        }
    }

    /// A bool, or the strings "true"/"false".
    var bool: Bool? {
        switch value {
        case .bool(let b): return b
        case .string("true"): return true
        case .string("false"): return false
        default: return nil
        }
    }

    /// The value as an attribute value, keeping its JSON type: integers as `int`, other
    /// numbers as `double`, arrays as arrays, objects as kvlists, null as empty.
    var attributeValue: AttributeValue {
        switch value {
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .number(let n):
            if n.isInteger, let i = n.int64 { return .int(i) }
            return .double(n.double)
        case .array(let a): return .array(a.map(\.attributeValue))
        case .object(let m): return .kvlist(m.map { Attribute(key: $0.key, value: $0.node.attributeValue) })
        case .null: return .empty
        }
    }

    /// A short description for "found …" in messages.
    var summary: String {
        switch value {
        case .object: return "an object"
        case .array: return "an array"
        case .string(let s):
            let cut = s.count > 60 ? String(s.prefix(57)) + "..." : s
            return "\"" + cut + "\""
        case .number(let n): return n.text
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }

    /// An error about this value: "expected \(what), found …".
    func mismatch(_ what: String) -> JSONError {
        JSONError(offset: offset, message: "expected \(what), found \(summary)")
    }
}
