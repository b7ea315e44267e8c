import Vocabulary

/// A problem in a dashboard file, located by line and column and by the path of the field
/// (`dashboards[1].panels[0].transform`), printed as compilers print errors so editors can
/// jump to it.
@dynamicMemberLookup
public struct DashboardSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problem as the one `Diagnostic` every error and warning is printed as: the file, the
    /// 1-based line and column as editors count, the field's path (empty for errors of the YAML
    /// syntax itself) and the message.
    public var diagnostic: Diagnostic

    public init(file: String, line: Int, column: Int, path: String, message: String) {
        diagnostic = Diagnostic(severity: .error, file: file, line: line, column: column, path: path, message: message)
    }

    /// `error.line`, `error.path`, …: the diagnostic's fields.
    public subscript<T>(dynamicMember field: KeyPath<Diagnostic, T>) -> T { diagnostic[keyPath: field] }

    /// `file:line:col: error: path: message`.
    public var description: String { diagnostic.description }
}
