/// Markup written straight into bytes, element by element, for the parts of a page made of
/// thousands of small elements (a waterfall's rows and its span cards): what `MarkupWriter`
/// writes for the same elements as `Node`s, byte for byte, without the tree.
///
/// Why: a `Node` element is an array of attributes and an array of children, each allocated,
/// reference-counted, walked once by the writer and freed. On the deep-trace file (232 waterfalls
/// of about 190 KB) building, writing and freeing those trees was about a fifth of the whole
/// render's CPU time (issue 7). Text and attribute values still go through `MarkupWriter`'s one
/// escaping; names and literal values are `StaticString`s of this project's own markup, and debug
/// builds check they hold nothing to escape. The result is a `Node.trusted` text, placed in a
/// page like any other node.
///
/// An element is written as `start`, its `attribute`s, `open`, its content, then `end` — or
/// `start`, attributes, `endEmpty` for an element without content, written `<x …></x>` as the
/// tree writer writes an empty element that is not void (the only kind used here).
public struct MarkupBuffer: ~Copyable {
    @usableFromInline var writer: GrowingWriter

    public init(capacity: Int = 16 << 10) {
        writer = GrowingWriter(capacity: capacity)
    }

    deinit {
        var writer = writer
        writer.release()
    }

    /// `<name`: its attributes follow, then `open()` or `endEmpty(name)`.
    @inlinable public mutating func start(_ name: StaticString) {
        Self.checkLiteral(name)
        writer.append(UInt8(ascii: "<"))
        writer.append(name)
    }

    /// ` key="value"`, the value escaped as the tree writer escapes attribute values.
    public mutating func attribute(_ key: StaticString, _ value: String) {
        attributeStart(key)
        MarkupWriter.escape(value, attribute: true, into: &writer)
        writer.append(UInt8(ascii: "\""))
    }

    /// ` key="value"` for a value of this project's own markup (a class name, `true`).
    @inlinable public mutating func attribute(_ key: StaticString, literal value: StaticString) {
        Self.checkLiteral(value)
        attributeStart(key)
        writer.append(value)
        writer.append(UInt8(ascii: "\""))
    }

    /// ` key="` then the value in pieces (`value`), then `attributeEnd()`: for values made of a
    /// literal and a name (`svc c3`), written without joining them into a string first.
    @inlinable public mutating func attributeStart(_ key: StaticString) {
        Self.checkLiteral(key)
        writer.append(UInt8(ascii: " "))
        writer.append(key)
        writer.append(UInt8(ascii: "="))
        writer.append(UInt8(ascii: "\""))
    }

    /// A piece of an attribute value begun with `attributeStart`, escaped.
    public mutating func value(_ piece: String) {
        MarkupWriter.escape(piece, attribute: true, into: &writer)
    }

    /// A literal piece of an attribute value begun with `attributeStart`.
    @inlinable public mutating func value(literal piece: StaticString) {
        Self.checkLiteral(piece)
        writer.append(piece)
    }

    /// The closing quote of an attribute begun with `attributeStart`.
    @inlinable public mutating func attributeEnd() {
        writer.append(UInt8(ascii: "\""))
    }

    /// `>`: the start tag is complete; content follows.
    @inlinable public mutating func open() {
        writer.append(UInt8(ascii: ">"))
    }

    /// `</name>`.
    @inlinable public mutating func end(_ name: StaticString) {
        writer.append(UInt8(ascii: "<"))
        writer.append(UInt8(ascii: "/"))
        writer.append(name)
        writer.append(UInt8(ascii: ">"))
    }

    /// `></name>`: an element started with `start` and its attributes ends with no content.
    @inlinable public mutating func endEmpty(_ name: StaticString) {
        writer.append(UInt8(ascii: ">"))
        end(name)
    }

    /// `<name>text</name>`, the text escaped.
    public mutating func element(_ name: StaticString, text: String) {
        start(name)
        open()
        self.text(text)
        end(name)
    }

    /// Text, escaped as the tree writer escapes text.
    public mutating func text(_ text: String) {
        MarkupWriter.escape(text, attribute: false, into: &writer)
    }

    /// Text of this project's own (` error`).
    @inlinable public mutating func text(literal text: StaticString) {
        Self.checkLiteral(text)
        writer.append(text)
    }

    /// A node written here as `MarkupWriter` writes it, for the pieces still built as trees.
    public mutating func node(_ node: Node) {
        MarkupWriter.walk(node, into: &writer)
    }

    /// Everything written, as a node to place in a page.
    public consuming func finish() -> Node {
        .trusted(writer.take())
    }

    /// Literal names and values must need no escaping, or the bytes would differ from the tree
    /// writer's (and could break the markup). Checked in debug builds, which the tests run;
    /// inlinable, so that a release build's callers drop it rather than call an empty function.
    @inlinable static func checkLiteral(_ text: StaticString) {
        assert(
            UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount).allSatisfy { b in
                b >= 0x20 && b < 0x7F && !"&<>{}\"".utf8.contains(b)
            }, "a literal in markup needs escaping: \(text)")
    }
}
