/// Why a filter expression (DESIGN §1: `--where` and the trace table's filter) could not be
/// parsed: the 1-based character position of the fault and what was expected there.
///
/// The position counts characters (grapheme clusters) of the expression as typed, so that a
/// caret printed under the expression lines up with what the user wrote. The message follows
/// DocC's style: a terse headline naming the fact, no trailing period.
public struct FilterError: Error, CustomStringConvertible, Hashable, Sendable {
    /// 1-based character position in the expression where the fault was found.
    public var position: Int
    /// What is wrong and what was expected, e.g. `expected a value after '>='`.
    public var message: String

    public init(position: Int, message: String) {
        self.position = position
        self.message = message
    }

    /// `position 14: expected a value after '>='`.
    public var description: String { "position \(position): \(message)" }
}
