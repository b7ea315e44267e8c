/// `JSONWriter`'s layout written straight into bytes, one value after another, for the parts of
/// `report.json` too large to build as a tree of `JSONValue`s first (`JSONValue.members`).
///
/// Why: with a span name per request the window comparison lists tens of thousands of
/// operations, 29 MB of a 35 MB `report.json`; building their tree, walking it and letting it go
/// was about 13% of the render's samples, retaining and releasing every pair (issue 7).
///
/// The layout is `JSONWriter.write`'s: an object one key a line, `{}` when empty; an array of
/// containers one member a line, `[]` when empty; each member indented two spaces past its
/// container. A member's separator is written before the next member, so no container has to
/// know its count ahead. Arrays of scalars, which `JSONWriter` keeps on one line, are not
/// offered: a caller with one builds it as a `JSONValue`.
struct JSONStream: ~Copyable {
    var out: JSONWriter.Bytes
    /// The indent of each open container, and whether it has a member yet.
    private var open: [(indent: Int, empty: Bool)] = []
    /// The indent of a value written outside any container.
    private let base: Int

    /// A stream whose first value is written at `indent`.
    init(indent: Int) {
        self.base = indent
        out = JSONWriter.Bytes()
        open.reserveCapacity(8)
    }

    /// The indent a value starts at here: its container's members', or the base.
    private var valueIndent: Int { open.last.map { $0.indent + 2 } ?? base }

    mutating func objectStart() {
        open.append((valueIndent, true))
        out.append("{")
    }

    /// The key of an object's next member, whose value is written next. Keys are literal and
    /// plain (nothing `JSONWriter.string` would escape); debug builds check.
    mutating func key(_ name: StaticString) {
        assert(JSONWriter.isPlain(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)), "\(name)")
        memberStart()
        out.append("\"")
        out.append(name)
        out.append("\": ")
    }

    mutating func objectEnd() { end("}") }

    /// An object's member of a string value.
    mutating func member(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    /// An object's member of a number (null when there is none or it is not finite).
    mutating func member(_ name: StaticString, number value: Double?) {
        key(name)
        number(value)
    }

    /// An object's member of an integer.
    mutating func member(_ name: StaticString, int value: Int) {
        key(name)
        int(Int64(value))
    }

    /// An array of containers (objects or arrays), one member a line.
    mutating func arrayStart() {
        open.append((valueIndent, true))
        out.append("[")
    }

    /// The start of an array's next member, which is written next.
    mutating func item() { memberStart() }

    mutating func arrayEnd() { end("]") }

    mutating func string(_ s: String) { JSONWriter.string(s, into: &out) }

    mutating func int(_ i: Int64) { out.append(i) }

    /// A number as `JSONValue.number` writes it; null when there is none or it is not finite,
    /// as `JSONValue.double` makes it.
    mutating func number(_ d: Double?) {
        guard let d else { return out.append("null") }
        JSONWriter.number(d, into: &out)
    }

    private mutating func memberStart() {
        let at = open.count - 1
        out.append(open[at].empty ? "\n" : ",\n")
        open[at].empty = false
        out.appendSpaces(open[at].indent + 2)
    }

    private mutating func end(_ close: StaticString) {
        let (indent, empty) = open.removeLast()
        if !empty {
            out.append("\n")
            out.appendSpaces(indent)
        }
        out.append(close)
    }
}
