import CLibXML2
import Digest

/// Collection of the policy and the inline blocks during the walk, and the check at its end
/// (see ``ContentSecurityPolicyRule``).
extension TreeWalk {
    /// An inline `<script>` or `<style>`: its kind, where its exact source text is, and its
    /// element. Its place is worked out only when a problem is reported
    /// (`position(ofElement:node:)`): a place needs the page's line index, which a valid page
    /// never has to build. The node stays valid until the check at the walk's end, which runs
    /// while the document is alive.
    struct InlineBlock {
        var isScript: Bool
        /// The content's bytes in the page (`rawContentRange`); nil when the source map is not
        /// aligned with the tree, and the text is then the node's text content.
        var range: Range<Int>?
        var element: Int
        var node: xmlNodePtr
    }

    /// HTML and SVG `<script>`/`<style>` alike (both run under the page's policy); the policy
    /// itself only from an HTML `<meta>`.
    mutating func collectPolicyParts(_ element: ElementContext, attributes: [Attribute]) {
        guard element.isHTML || element.isSVG else { return }
        func attribute(_ name: String) -> String? { attributes.first { $0.name.lowercased() == name }?.value }
        switch element.name {
        case "meta":
            if element.isHTML, attribute("http-equiv")?.lowercased() == "content-security-policy" {
                policies.append((attribute("content") ?? "", element.index, element.node))
            }
        case "script":
            guard attribute("src") == nil else { return }
            let type = (attribute("type") ?? "").lowercased()
            guard type.isEmpty || type == "module" || type == "text/javascript" || type == "application/javascript" else { return }
            inlineBlocks.append(
                InlineBlock(
                    isScript: true, range: rawContentRange(element.index), element: element.index, node: element.node))
        case "style":
            inlineBlocks.append(
                InlineBlock(
                    isScript: false, range: rawContentRange(element.index), element: element.index, node: element.node))
        default:
            return
        }
    }

    /// The CSP source of the block's content exactly as written in the source (what a browser
    /// hashes: in HTML, script and style text is raw, CDATA markers included), read from the
    /// page's bytes (`SHA256.cspSource(utf8:)`).
    func cspSource(of block: InlineBlock) -> String {
        guard let range = block.range else { return SHA256.cspSource(Self.textContent(of: block.node)) }
        return SHA256.cspSource(utf8: UnsafeBufferPointer(rebasing: map.bytes[range]))
    }

    mutating func checkContentSecurityPolicy() {
        guard let (text, index, policyNode) = policies.first else {
            let where_ = inlineBlocks.first.map { position(of: $0) } ?? SourcePosition(line: 1, column: 1)
            report(
                .contentSecurityPolicy, at: where_,
                "no Content-Security-Policy: add <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; …\"/> to the head, so the page cannot load or send anything"
            )
            return
        }
        let (policy, problems) = ContentSecurityPolicyRule.parsed(text)
        for problem in problems {
            report(.contentSecurityPolicy, at: position(ofElement: index, node: policyNode), problem)
        }
        for block in inlineBlocks {
            let kind = block.isScript ? "script" : "style"
            if block.element < index {
                report(
                    .contentSecurityPolicy, at: position(of: block),
                    "inline <\(kind)> comes before the Content-Security-Policy <meta>, which then does not cover it")
                continue
            }
            let source = cspSource(of: block)
            let sources = policy.effective(block.isScript ? "script-src-elem" : "style-src-elem")
            if !ContentSecurityPolicyRule.allows(sources, hashSource: source) {
                report(
                    .contentSecurityPolicy, at: position(of: block),
                    "inline <\(kind)> is not allowed by the Content-Security-Policy: its hash \(source) is not listed")
            }
        }
    }

    func position(of block: InlineBlock) -> SourcePosition { position(ofElement: block.element, node: block.node) }
}
