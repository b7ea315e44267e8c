/// Parses a filter expression (DESIGN §1) into terms, once, so that evaluation never looks at
/// text again.
///
/// Grammar (terms are separated by white space and all must hold):
/// ```
/// term     = "!" key | key [ operator value ]
/// key      = quoted | bare-key          ; bare-key: no space and none of = ! < > "
/// operator = "=" | "!=" | ">" | ">=" | "<" | "<="
/// value    = quoted | bare-value        ; bare-value: up to the next space, no "
/// quoted   = '"' { char | '\"' | '\\' } '"'
/// ```
/// A bare key that names a field (`service`, `name`, `duration`, `status`, `kind`, `trace`,
/// `traceId`) means the field; `attr.<key>` and any quoted key always mean the attribute, which
/// is how an attribute literally called `status` is reached (`attr.status=x` or `"status"=x`).
/// Faults are reported with the 1-based character position where they are found.
struct FilterParser {
    private let characters: [Character]
    private var index = 0

    private init(_ text: String) { characters = Array(text) }

    /// The terms of `text`; an expression of only white space has none (and matches every span).
    static func parse(_ text: String) throws(FilterError) -> [FilterTerm] {
        var parser = FilterParser(text)
        var terms: [FilterTerm] = []
        while true {
            parser.skipSpaces()
            if parser.atEnd { return terms }
            terms.append(try parser.term())
        }
    }

    /// A key as written: its text (unescaped when quoted) and where it starts.
    struct Key {
        var text: String
        var isQuoted: Bool
        var position: Int
    }

    /// A value as written: its text (unescaped when quoted) and where it starts.
    struct Value {
        var text: String
        var isQuoted: Bool
        var position: Int
    }

    private var atEnd: Bool { index >= characters.count }
    private var atSpaceOrEnd: Bool { atEnd || characters[index].isWhitespace }
    private var position: Int { index + 1 }

    private mutating func skipSpaces() {
        while !atEnd && characters[index].isWhitespace { index += 1 }
    }

    private func character(at offset: Int) -> Character? {
        index + offset < characters.count ? characters[index + offset] : nil
    }

    private mutating func term() throws(FilterError) -> FilterTerm {
        let start = position
        let negated = characters[index] == "!" && character(at: 1) != "="
        if negated { index += 1 }
        let key = try self.key(negated: negated)
        let operatorPosition = position
        guard let comparison = try comparison(after: key) else {
            return try FilterParser.resolve(key, operation: negated ? .notExists : .exists, termPosition: start)
        }
        if negated {
            throw FilterError(
                position: operatorPosition,
                message:
                    "unexpected '\(comparison.rawValue)' after '!\(key.text)': '!key' only tests that a key is absent; compare with \(key.text)!=value"
            )
        }
        guard !atSpaceOrEnd else {
            throw FilterError(position: position, message: "expected a value after '\(comparison.rawValue)'")
        }
        let value = try self.value()
        return try FilterParser.resolve(
            key, comparison: comparison, value: value,
            operatorPosition: operatorPosition, termPosition: start)
    }

    private mutating func key(negated: Bool) throws(FilterError) -> Key {
        if atSpaceOrEnd {
            throw FilterError(position: position, message: "expected a key after '!'")
        }
        let start = position
        if characters[index] == "\"" {
            return Key(text: try quoted(), isQuoted: true, position: start)
        }
        var text = ""
        while !atSpaceOrEnd, !"=!<>\"".contains(characters[index]) {
            text.append(characters[index])
            index += 1
        }
        if text.isEmpty {
            let symbol = operatorSymbol() ?? String(characters[index])
            throw FilterError(position: position, message: "expected a key before '\(symbol)'")
        }
        if !atEnd && characters[index] == "\"" {
            throw FilterError(position: position, message: "unexpected '\"' in key '\(text)': quote the whole key")
        }
        return Key(text: text, isQuoted: false, position: start)
    }

    /// The operator text at the current index, if there is one.
    private func operatorSymbol() -> String? {
        guard !atEnd else { return nil }
        let next = character(at: 1)
        switch characters[index] {
        case "=": return "="
        case "!" where next == "=": return "!="
        case ">": return next == "=" ? ">=" : ">"
        case "<": return next == "=" ? "<=" : "<"
        default: return nil
        }
    }

    /// The operator after a key; nil when the term ends after the key (an exists test).
    private mutating func comparison(after key: Key) throws(FilterError) -> FilterTerm.Comparison? {
        if atSpaceOrEnd { return nil }
        guard let symbol = operatorSymbol(), let comparison = FilterTerm.Comparison(rawValue: symbol) else {
            if characters[index] == "!" {
                throw FilterError(position: position + 1, message: "expected '=' after '!'")
            }
            throw FilterError(
                position: position,
                message: "expected an operator (=, !=, >, >=, <, <=) or a space after the key, found '\(characters[index])'")
        }
        index += symbol.count
        return comparison
    }

    private mutating func value() throws(FilterError) -> Value {
        let start = position
        if characters[index] == "\"" {
            let text = try quoted()
            if !atSpaceOrEnd {
                throw FilterError(position: position, message: "expected a space after the closing quote, found '\(characters[index])'")
            }
            return Value(text: text, isQuoted: true, position: start)
        }
        var text = ""
        while !atSpaceOrEnd {
            if characters[index] == "\"" {
                throw FilterError(position: position, message: "unexpected '\"' inside a value: quote the whole value, e.g. key=\"a b\"")
            }
            text.append(characters[index])
            index += 1
        }
        return Value(text: text, isQuoted: false, position: start)
    }

    /// A quoted string starting at the current `"`; `\"` and `\\` are the only escapes.
    private mutating func quoted() throws(FilterError) -> String {
        let opening = position
        index += 1
        var text = ""
        while !atEnd {
            let c = characters[index]
            if c == "\"" {
                index += 1
                return text
            }
            if c == "\\", let escaped = character(at: 1) {
                guard escaped == "\"" || escaped == "\\" else {
                    throw FilterError(
                        position: position, message: "unknown escape '\\\(escaped)' in a quoted string: expected \\\" or \\\\")
                }
                text.append(escaped)
                index += 2
                continue
            }
            text.append(c)
            index += 1
        }
        throw FilterError(position: opening, message: "unterminated quoted string: expected a closing '\"'")
    }
}
