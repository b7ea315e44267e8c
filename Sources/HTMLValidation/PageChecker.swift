import CLibXML2
import Vocabulary

/// Checks one page: parses it with libxml2 and walks the tree once, applying every rule that
/// needs only this page (all but link resolution, see ``LinkResolver``).
///
/// Why a tree walk rather than XPath: one pass visits each node once and gives the element's
/// document-order number, which ``SourceMap`` turns into an exact `line:column`; several XPath
/// queries (`//@id`, `//svg:svg`, `//@*[starts-with(name(), 'on')]`…) would each walk the tree.
struct PageChecker {
    static let xhtmlNamespace = "http://www.w3.org/1999/xhtml"
    static let svgNamespace = "http://www.w3.org/2000/svg"
    static let xlinkNamespace = "http://www.w3.org/1999/xlink"

    /// The page's name as shown in issues.
    let file: String
    let source: SourceBytes
    /// The bytes are known to be valid UTF-8 (they came from a Swift `String`), so libxml2 may
    /// read them in place instead of through its UTF-8 converter's copy.
    var knownUTF8 = false

    init(file: String, source: SourceBytes, knownUTF8: Bool = false) {
        self.file = file
        self.source = source
        self.knownUTF8 = knownUTF8
    }

    /// The checker of a copy of `bytes`.
    init(file: String, bytes: [UInt8], knownUTF8: Bool = false) {
        self.init(file: file, source: SourceBytes(bytes), knownUTF8: knownUTF8)
    }

    /// Parses and checks the page. Rules other than `xml-parse` run only on a well-formed tree:
    /// libxml2 returns no tree otherwise, and the parse error is what to fix first.
    func check() -> PageScan {
        LibXML2.withParsedDocument(source.buffer, knownUTF8: knownUTF8) { document, diagnostics in
            var scan = PageScan()
            for diagnostic in diagnostics {
                scan.issues.append(
                    ValidationIssue(
                        file: file, line: diagnostic.line, column: diagnostic.column,
                        rule: ValidationRule.xmlParse.rawValue, message: Self.message(for: diagnostic)
                    ))
            }
            guard let document, let root = xmlDocGetRootElement(document) else { return scan }
            var walk = TreeWalk(file: file, map: SourceMap(source: source))
            walk.run(from: root)
            walk.placeLinks()
            walk.checkContentSecurityPolicy()
            scan.issues += walk.issues
            for hit in TemplateTextScan.scan(source.buffer) {
                let here = walk.map.position(ofOffset: hit.offset)
                scan.issues.append(
                    ValidationIssue(
                        file: file, line: here.line, column: here.column,
                        rule: ValidationRule.templateText.rawValue,
                        message: "unrendered template text \"\(hit.snippet)\" in the page source"))
            }
            scan.ids = Set(walk.idDefinitions.keys)
            scan.links = walk.links
            return scan
        }
    }

    /// libxml2's message, with a hint for the usual polyglot mistakes.
    private static func message(for diagnostic: LibXML2.Diagnostic) -> String {
        var text = diagnostic.message
        if diagnostic.isWarning { text = "warning: " + text }
        // XML_ERR_UNDECLARED_ENTITY (26) / XML_WAR_UNDECLARED_ENTITY (27): `&nbsp;` and friends.
        if diagnostic.code == 26 || diagnostic.code == 27 {
            text += "; polyglot HTML allows only &amp; &lt; &gt; &quot; &apos; and numeric references such as &#160;"
        }
        return text
    }
}
