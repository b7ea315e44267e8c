import Vocabulary

/// One problem found in a page, with the place it was found.
///
/// Problems are values, not thrown errors: a run collects all of them and one printer shows them
/// in the compiler style `file:line:col: error: [rule] message`, which editors and CI logs link.
public struct ValidationIssue: Hashable, Sendable, CustomStringConvertible {
    /// The page's path as it was given (relative to the report root, or as typed on the command line).
    public var file: String
    /// 1-based line; 0 when the problem concerns the whole file (for example, it cannot be read).
    public var line: Int
    /// 1-based column in characters; 0 when unknown (libxml2 gives 0 for some errors).
    public var column: Int
    /// A stable rule id, one of ``ValidationRule``'s raw values.
    public var rule: String
    /// A terse headline naming the specific fact, without a trailing period.
    public var message: String

    public init(file: String, line: Int, column: Int, rule: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.rule = rule
        self.message = message
    }

    init(file: String, at position: SourcePosition, rule: ValidationRule, message: String) {
        self.init(file: file, line: position.line, column: position.column, rule: rule.rawValue, message: message)
    }

    /// The issue as the one `Diagnostic` every error is printed as, the rule id leading the message.
    public var diagnostic: Diagnostic {
        Diagnostic(severity: .error, file: file, line: line, column: column, message: "[\(rule)] \(message)")
    }

    /// `file:line:col: error: [rule] message`; the line and column are left out when unknown (0).
    public var description: String { diagnostic.description }
}

extension ValidationIssue: Comparable {
    /// Orders by file, then place, then rule, so output is stable whatever order checks ran in.
    public static func < (lhs: ValidationIssue, rhs: ValidationIssue) -> Bool {
        (lhs.file, lhs.line, lhs.column, lhs.rule, lhs.message)
            < (rhs.file, rhs.line, rhs.column, rhs.rule, rhs.message)
    }
}

/// A 1-based line and character column in a page's source.
struct SourcePosition: Hashable, Sendable {
    var line: Int
    var column: Int
}
