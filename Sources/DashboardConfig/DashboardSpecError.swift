import Vocabulary

/// A problem in a dashboard file, located by line and column and by the path of the field
/// (`dashboards[1].panels[0].transform`), printed as compilers print errors so editors can
/// jump to it.
public struct DashboardSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based, as editors count.
    public var line: Int
    public var column: Int
    /// The field's path; empty for errors of the YAML syntax itself.
    public var path: String
    public var message: String

    public init(file: String, line: Int, column: Int, path: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    /// The error as the one `Diagnostic` every error and warning is printed as.
    public var diagnostic: Diagnostic {
        Diagnostic(severity: .error, file: file, line: line, column: column, path: path, message: message)
    }

    /// `file:line:col: error: path: message`.
    public var description: String { diagnostic.description }
}
