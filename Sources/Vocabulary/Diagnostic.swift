/// A problem found in an input, as a value: the run goes on and one printer reports them all
/// as `file:line:column: severity: message` (swift-format's style; STYLE.md).
///
/// The one description of a problem's place for every error and warning the tool emits: errors
/// of their own type (a dashboard file's, a page's validation issue, a template's) keep their
/// type and describe themselves through a `Diagnostic`, so the location is written one way.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case error, warning, note
    }

    public var severity: Severity
    public var file: String
    /// 1-based line, or 0 when not known.
    public var line: Int
    /// 1-based column, or 0 when not known.
    public var column: Int
    /// A JSON path such as `resourceSpans[0].scopeSpans[1].spans[4].traceId`, or empty.
    public var path: String
    public var message: String

    public init(severity: Severity = .error, file: String, line: Int = 0, column: Int = 0, path: String = "", message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    /// `file:line:col: error: path: message`, leaving out the parts that are not known.
    public var description: String {
        let where_ = path.isEmpty ? "" : path + ": "
        return "\(Self.location(file: file, line: line, column: column)): \(severity.rawValue): \(where_)\(message)"
    }

    /// `file:line:col`, `file:line` or `file`: the line and column are left out when unknown (0),
    /// as compilers write a place so editors and CI logs link it.
    public static func location(file: String, line: Int, column: Int) -> String {
        var location = file
        if line > 0 {
            location += ":\(line)"
            if column > 0 { location += ":\(column)" }
        }
        return location
    }
}
