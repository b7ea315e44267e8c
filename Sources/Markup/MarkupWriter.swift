/// Serialises `Node`s as polyglot HTML5 — markup that is both valid HTML and well-formed XML,
/// so libxml2's strict XML parser can check every page (FACTS.md).
///
/// Escaping (the one place it happens):
/// - text: `&`, `<`, `>` become references (`>` too, so `]]>` can never appear);
/// - attribute values: also `"`, and tab/newline as references so they survive normalisation;
/// - characters XML 1.0 forbids (C0 controls except tab, LF, CR; U+FFFE, U+FFFF) become their
///   visible Control Pictures (U+2400 + code, "␀") or U+FFFD, so hostile input stays readable;
///   lone surrogates cannot occur (Swift strings hold scalars; the readers decode `"\ud800"` and
///   invalid UTF-8 as U+FFFD);
/// - C1 controls (U+0080–U+009F, parse errors in HTML) and the bidirectional embedding, override
///   and isolate controls (U+202A–U+202E, U+2066–U+2069, which can reorder the text around a
///   value: "Trojan Source", CVE-2021-42574) are shown as a visible `[U+202E]`, never dropped;
/// - CR is written as `&#13;` so it is not folded into LF;
/// - `{` and `}` are written as `&#123;`/`&#125;`, so data such as a Helm template never leaves a
///   literal `{{` in the source, where the validator would take it for an unrendered hole.
public enum MarkupWriter {
    /// HTML void elements: written self-closed (`<br/>`), which both parsers accept.
    static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ]

    /// Elements whose empty form must still be written as open+close tags in HTML.
    static func isVoid(_ name: String) -> Bool { voidElements.contains(name) }

    public static func write(_ node: Node) -> String {
        var out = ""
        // Reserved once, a little above the unescaped size: a page of megabytes (the trace
        // table's data) otherwise grows by doubling to up to twice its size (issue 7).
        let size = unescapedSize(node)
        out.reserveCapacity(max(4096, size + size / 32))
        write(node, into: &out)
        return out
    }

    /// The bytes `node` takes when nothing in it needs escaping.
    static func unescapedSize(_ node: Node) -> Int {
        switch node {
        case .text(let s), .trusted(let s):
            return s.utf8.count
        case .fragment(let children):
            return children.reduce(0) { $0 + unescapedSize($1) }
        case .element(let name, let attributes, let children):
            let tags = 2 * name.utf8.count + 5
            return attributes.reduce(tags) { $0 + $1.0.utf8.count + $1.1.utf8.count + 4 }
                + children.reduce(0) { $0 + unescapedSize($1) }
        }
    }

    public static func write(_ node: Node, into out: inout String) {
        switch node {
        case .text(let s):
            escapeText(s, into: &out)
        case .trusted(let s):
            out += s
        case .fragment(let children):
            for c in children { write(c, into: &out) }
        case .element(let name, let attributes, let children):
            out += "<"
            out += name
            for (k, v) in attributes {
                out += " "
                out += k
                out += "=\""
                escapeAttribute(v, into: &out)
                out += "\""
            }
            if children.isEmpty && (isVoid(name) || isSVGLeaf(name)) {
                out += "/>"
                return
            }
            out += ">"
            for c in children { write(c, into: &out) }
            out += "</"
            out += name
            out += ">"
        }
    }

    /// SVG shapes have no content; self-closing keeps the output small.
    static func isSVGLeaf(_ name: String) -> Bool {
        switch name {
        case "rect", "line", "circle", "path", "polyline", "polygon", "ellipse", "stop", "use": return true
        default: return false
        }
    }

    public static func escapeText(_ s: String, into out: inout String) {
        if !needsEscaping(s, attribute: false) {
            out += s
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\r": out += "&#13;"
            case "{": out += "&#123;"
            case "}": out += "&#125;"
            default: appendSafe(scalar, into: &out)
            }
        }
    }

    public static func escapeAttribute(_ s: String, into out: inout String) {
        if !needsEscaping(s, attribute: true) {
            out += s
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            case "\r": out += "&#13;"
            case "{": out += "&#123;"
            case "}": out += "&#125;"
            default: appendSafe(scalar, into: &out)
            }
        }
    }

    public static func escapeText(_ s: String) -> String {
        var out = ""
        escapeText(s, into: &out)
        return out
    }

    public static func escapeAttribute(_ s: String) -> String {
        var out = ""
        escapeAttribute(s, into: &out)
        return out
    }

    private static func appendSafe(_ scalar: Unicode.Scalar, into out: inout String) {
        let v = scalar.value
        if v < 0x20 && v != 0x09 && v != 0x0A {
            out.unicodeScalars.append(Unicode.Scalar(0x2400 + v)!)
        } else if v == 0x7F {
            out.unicodeScalars.append(Unicode.Scalar(0x2421)!)
        } else if v == 0xFFFE || v == 0xFFFF {
            out.unicodeScalars.append(Unicode.Scalar(0xFFFD)!)
        } else if isShownAsCode(v) {
            out += "[U+"
            let hex = String(v, radix: 16, uppercase: true)
            out += String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            out += "]"
        } else {
            out.unicodeScalars.append(scalar)
        }
    }

    /// C1 controls and the bidi controls that change how surrounding text is ordered.
    static func isShownAsCode(_ v: UInt32) -> Bool {
        (0x80...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    private static func needsEscaping(_ s: String, attribute: Bool) -> Bool {
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "{"), UInt8(ascii: "}"): return true
            case UInt8(ascii: "\""), UInt8(ascii: "\n"), UInt8(ascii: "\t"): if attribute { return true }
            case 0..<0x20, 0x7F: if b != 0x0A && b != 0x09 { return true }
            case 0xEF: return true  // possible U+FFFE / U+FFFF; rare enough to check slowly
            case 0xC2: return true  // possible C1 control
            case 0xE2: return true  // possible bidi control (U+202x, U+206x)
            default: continue
            }
        }
        return false
    }
}
