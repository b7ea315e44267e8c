import Markup

/// Test helper: a strict, small XML well-formedness check of serialised nodes (polyglot HTML5
/// must be well-formed XML). Hand-written rather than FoundationXML's `XMLParser` because that
/// wraps libxml2, which is not thread-safe (DESIGN §2) while Swift Testing runs tests in parallel
/// alongside HTMLValidation's own libxml2 tests.
enum WellFormedness {
    /// Nil when well-formed, else what is wrong and where (a UTF-8 offset).
    static func check(_ node: Node) -> String? {
        check(markup: MarkupWriter.write(node))
    }

    static func check(markup: String) -> String? {
        let s = Array(markup.utf8)
        var i = 0, stack: [String] = [], roots = 0
        func at(_ text: String) -> Bool { s[i...].starts(with: text.utf8) }
        func name() -> String? {
            let start = i
            while i < s.count, isNameByte(s[i], first: i == start) { i += 1 }
            return i > start ? String(decoding: s[start..<i], as: UTF8.self) : nil
        }
        func skipSpace() { while i < s.count, [9, 10, 13, 32].contains(s[i]) { i += 1 } }
        while i < s.count {
            if at("<!--") {
                guard let end = find("-->", in: s, from: i + 4) else { return "unclosed comment at \(i)" }
                i = end + 3
            } else if at("</") {
                i += 2
                guard let n = name() else { return "bad end tag at \(i)" }
                skipSpace()
                guard i < s.count, s[i] == UInt8(ascii: ">") else { return "bad end tag \(n) at \(i)" }
                guard stack.popLast() == n else { return "mismatched </\(n)> at \(i)" }
                i += 1
            } else if s[i] == UInt8(ascii: "<") {
                i += 1
                guard let n = name() else { return "bad start tag at \(i)" }
                if stack.isEmpty { roots += 1 }
                var seen: Set<String> = []
                while true {
                    let hadSpace = i < s.count && [9, 10, 13, 32].contains(s[i])
                    skipSpace()
                    guard i < s.count else { return "unterminated tag \(n)" }
                    if at("/>") {
                        i += 2
                        break
                    }
                    if s[i] == UInt8(ascii: ">") {
                        i += 1
                        stack.append(n)
                        break
                    }
                    guard hadSpace, let a = name() else { return "bad attribute in \(n) at \(i)" }
                    guard seen.insert(a).inserted else { return "duplicate attribute \(a) in \(n)" }
                    guard at("=\"") else { return "unquoted attribute \(a) in \(n) at \(i)" }
                    i += 2
                    while i < s.count, s[i] != UInt8(ascii: "\"") {
                        if s[i] == UInt8(ascii: "<") { return "'<' in attribute \(a) at \(i)" }
                        if s[i] == UInt8(ascii: "&") {
                            guard let e = entityEnd(s, i) else { return "bad entity at \(i)" }
                            i = e
                        } else {
                            i += 1
                        }
                    }
                    guard i < s.count else { return "unterminated attribute \(a)" }
                    i += 1
                }
            } else if s[i] == UInt8(ascii: "&") {
                guard let e = entityEnd(s, i) else { return "bad entity at \(i)" }
                i = e
            } else {
                if stack.isEmpty && ![9, 10, 13, 32].contains(s[i]) { return "text outside the root at \(i)" }
                i += 1
            }
        }
        if !stack.isEmpty { return "unclosed <\(stack.last!)>" }
        return roots == 1 ? nil : "\(roots) root elements"
    }

    private static func isNameByte(_ b: UInt8, first: Bool) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), UInt8(ascii: ":"): return true
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."): return !first
        default: return false
        }
    }

    /// The index after a valid reference (`&amp;`, `&#10;`, `&#x1F;`) starting at `i`, else nil.
    private static func entityEnd(_ s: [UInt8], _ i: Int) -> Int? {
        guard let semi = s[i...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else { return nil }
        let body = String(decoding: s[(i + 1)..<semi], as: UTF8.self)
        let ok =
            ["amp", "lt", "gt", "quot", "apos"].contains(body)
            || body.wholeMatch(of: /#[0-9]+|#x[0-9A-Fa-f]+/) != nil
        return ok ? semi + 1 : nil
    }

    private static func find(_ needle: String, in s: [UInt8], from start: Int) -> Int? {
        let n = Array(needle.utf8)
        var i = start
        while i + n.count <= s.count {
            if s[i..<(i + n.count)].elementsEqual(n) { return i }
            i += 1
        }
        return nil
    }
}

/// Small string helpers for assertions on markup (no Foundation).
extension String {
    func occurrences(of needle: String) -> Int {
        ranges(of: needle).count
    }

    /// Values of every `name="…"` attribute in the text.
    func attributeValues(_ name: String) -> [String] {
        split(separator: " " + name + "=\"", omittingEmptySubsequences: false).dropFirst().map { rest in
            String(rest.prefix { $0 != "\"" })
        }
    }

    /// Everything after the first `marker`, cut at the next quote, for each occurrence.
    func values(after marker: String) -> [String] {
        split(separator: marker, omittingEmptySubsequences: false).dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }
}
