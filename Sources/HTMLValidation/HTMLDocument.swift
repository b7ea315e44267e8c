/// A page to validate: its place in the report and its markup.
public struct HTMLDocument: Sendable, Hashable {
    /// Path relative to the report root with `/` separators, e.g. `traces/abc.html`.
    /// Links between pages are resolved against it.
    public var path: String
    /// The page's markup as consecutive parts (a rendered page keeps its embedded data as a part
    /// of its own, so it is not copied into one string before its bytes are checked).
    public var parts: [String]

    /// The page's markup (polyglot HTML5, UTF-8 when serialised).
    public var text: String { parts.count == 1 ? parts[0] : parts.joined() }

    public init(path: String, text: String) {
        self.path = path
        self.parts = [text]
    }

    public init(path: String, parts: [String]) {
        self.path = path
        self.parts = parts
    }

    /// Documents are equal when their paths and texts are, however the texts are split.
    public static func == (a: HTMLDocument, b: HTMLDocument) -> Bool { a.path == b.path && a.text == b.text }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(path)
        hasher.combine(text)
    }
}
