/// A page to validate: its place in the report and its markup.
public struct HTMLDocument: Sendable, Hashable {
    /// Path relative to the report root with `/` separators, e.g. `traces/abc.html`.
    /// Links between pages are resolved against it.
    public var path: String
    /// The page's markup (polyglot HTML5, UTF-8 when serialised).
    public var text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}
