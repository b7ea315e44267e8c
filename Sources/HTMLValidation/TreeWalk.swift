import CLibXML2
import Vocabulary

/// The single pass over a well-formed tree. Mutable state lives here so ``PageChecker`` stays
/// a plain value.
struct TreeWalk {
    let file: String
    let map: SourceMap
    var issues: [ValidationIssue] = []
    /// Every `id` with its first definition (its place is worked out only for a duplicate).
    var idDefinitions: [String: (attribute: Attribute, element: ElementContext)] = [:]
    var links: [PageScan.Link] = []
    /// Links whose places are still byte offsets, until `placeLinks`.
    var pendingLinkOffsets: [(link: Int, offset: Int)] = []
    /// `<meta http-equiv="Content-Security-Policy">` contents, with their element numbers and nodes.
    var policies: [(content: String, element: Int, node: xmlNodePtr)] = []
    /// Inline scripts and styles, for the policy's hashes.
    var inlineBlocks: [InlineBlock] = []
    /// Document-order number of the next element, matching ``SourceMap``'s start tags.
    private var nextElement = 0
    /// False once the tree and the source scan disagree (an entity reference expanding to
    /// elements); positions then fall back to libxml2's line with no column.
    private var aligned = true
    /// The namespaces met so far, by namespace node (see `namespace(_:)`).
    private var namespaceNames: [xmlNsPtr: Namespace] = [:]
    /// Element and attribute names as strings, by the address of libxml2's text (`NameCache`).
    private var names = NameCache()
    /// The last namespace node met and its string: nearly every element names the one before's.
    private var lastNamespace: (node: xmlNsPtr, namespace: Namespace)?

    init(file: String, map: SourceMap) {
        self.file = file
        self.map = map
    }

    /// Pre-order walk without recursion (libxml2 allows 2048 levels with `XML_PARSE_HUGE`),
    /// following `children`/`next`/`parent`. Entity reference nodes are not entered: their
    /// children belong to the entity declaration, not to the page.
    mutating func run(from root: xmlNodePtr) {
        var current: xmlNodePtr? = root
        while let node = current {
            let type = node.pointee.type
            if type == XML_ELEMENT_NODE {
                visitElement(node)
            }
            if type == XML_ELEMENT_NODE, let child = node.pointee.children {
                current = child
                continue
            }
            var climb: xmlNodePtr? = node
            current = nil
            while let step = climb, step != root {
                if let sibling = step.pointee.next {
                    current = sibling
                    break
                }
                climb = step.pointee.parent
            }
        }
    }

    // MARK: Elements and attributes

    /// One attribute: its names read once, its value only when a rule asks for it (most
    /// attributes of a page, `class` and `title` and the like, need no rule to read theirs, and
    /// making a `String` of each was a percent of a render of deep traces; issue 7). The value
    /// is read from the tree, which lives as long as the walk.
    struct Attribute {
        var name: String
        var namespace: String?
        var qualifiedName: String
        var traits: AttributeTraits
        let node: xmlAttrPtr

        /// The value, character references decoded.
        var value: String { TreeWalk.value(of: node) }

        /// Whether the value holds `needle` (as `TreeWalk.contains` would find it in `value`),
        /// searched in libxml2's text where the value is one text node.
        func valueContains(_ needle: StaticString) -> Bool {
            if let child = node.pointee.children, child.pointee.next == nil, child.pointee.type == XML_TEXT_NODE,
                let content = child.pointee.content
            {
                return ByteSearch.first(needle, in: UnsafeBufferPointer(start: content, count: strlen(content))) != nil
            }
            return TreeWalk.contains(value, needle)
        }
    }

    private mutating func visitElement(_ node: xmlNodePtr) {
        let index = nextElement
        nextElement += 1
        // Remember the element's number for text nodes and children (`_private` is reserved
        // for the application by libxml2; the tree is ours until it is freed).
        node.pointee._private = UnsafeMutableRawPointer(bitPattern: index + 1)
        let (name, nameTraits) = names.attribute(node.pointee.name)
        let namespace = self.namespace(node.pointee.ns)
        if aligned, !sourceTagMatches(element: index, prefix: node.pointee.ns?.pointee.prefix, name: node.pointee.name) {
            aligned = false
        }

        let element = ElementContext(
            node: node, index: index, name: name,
            isSVG: namespace.isSVG, isHTML: namespace.isHTML
        )
        // Each attribute is checked as it is met; the list is only kept for the few elements
        // whose rules read all of them together (svg, style, meta and script): filling and
        // emptying it for every element was a sixth of the walk (issue 7).
        let keepsList = !nameTraits.isDisjoint(with: [.svg, .metaOrScript, .style])
        var attributes: [Attribute] = []
        var property = node.pointee.properties
        while let attribute = property {
            let (attributeName, traits) = names.attribute(attribute.pointee.name)
            let attributeNamespace = self.namespace(attribute.pointee.ns).name
            let attributePrefix = attribute.pointee.ns.flatMap { $0.pointee.prefix }.map { names.string($0) }
            let made = Attribute(
                name: attributeName,
                namespace: attributeNamespace,
                qualifiedName: attributePrefix.map { "\($0):\(attributeName)" } ?? attributeName,
                traits: traits,
                node: attribute
            )
            checkAttribute(made, of: element)
            if keepsList { attributes.append(made) }
            property = attribute.pointee.next
        }
        guard keepsList else { return }
        // By the name's traits, worked out once per distinct name: comparing each element's
        // name and namespace with these strings was a percent of a render's instructions.
        if nameTraits.contains(.svg) { checkSVG(element, attributes: attributes) }
        if nameTraits.contains(.style) { checkStyleElement(element) }
        if !nameTraits.isDisjoint(with: [.metaOrScript, .style]) { collectPolicyParts(element, attributes: attributes) }
    }

    /// Who an attribute or text belongs to.
    struct ElementContext {
        var node: xmlNodePtr
        var index: Int
        var name: String
        var isSVG: Bool
        var isHTML: Bool
    }

    /// A namespace's URI as a string, and whether it is SVG's or XHTML's (or none: HTML too),
    /// made once per namespace node: every element of a page names one of a few namespaces, and
    /// the XHTML one is too long to be stored inline.
    typealias Namespace = (name: String?, isSVG: Bool, isHTML: Bool)

    private mutating func namespace(_ ns: xmlNsPtr?) -> Namespace {
        guard let ns, let href = ns.pointee.href else { return (nil, false, true) }
        if let last = lastNamespace, last.node == ns { return last.namespace }
        if let known = namespaceNames[ns] {
            lastNamespace = (ns, known)
            return known
        }
        let text = String(cString: href)
        let made: Namespace = (text, text == PageChecker.svgNamespace, text == PageChecker.xhtmlNamespace)
        namespaceNames[ns] = made
        lastNamespace = (ns, made)
        return made
    }

    /// Whether the source's start tag number `element` spells the element's qualified name,
    /// `prefix:name` or `name`, compared as bytes with libxml2's own text of them: making the
    /// qualified name a `String` and reading its bytes back cost more than the comparison (a
    /// copy of every short name, 133 instructions an element; issue 7).
    private func sourceTagMatches(element: Int, prefix: UnsafePointer<UInt8>?, name: UnsafePointer<UInt8>) -> Bool {
        guard element < map.elementCount else { return false }
        let bytes = map.bytes
        var at = map.elementStarts[element] + 1
        /// Whether the bytes from `at` spell `text` (up to its NUL), moving `at` past them.
        func spells(_ text: UnsafePointer<UInt8>) -> Bool {
            var k = 0
            while text[k] != 0 {
                guard at < bytes.count, bytes[at] == text[k] else { return false }
                at += 1
                k += 1
            }
            return true
        }
        if let prefix {
            guard spells(prefix), at < bytes.count, bytes[at] == UInt8(ascii: ":") else { return false }
            at += 1
        }
        guard spells(name), at < bytes.count else { return false }
        let after = bytes[at]
        return after == 0x20 || after == 0x09 || after == 0x0A || after == 0x0D
            || after == UInt8(ascii: ">") || after == UInt8(ascii: "/")
    }

    /// An attribute's value with character references decoded. A value without references is
    /// one text child; otherwise libxml2 joins the children (`xmlNodeListGetString`).
    static func value(of attribute: xmlAttrPtr) -> String {
        guard let child = attribute.pointee.children else { return "" }
        if child.pointee.next == nil, child.pointee.type == XML_TEXT_NODE, let content = child.pointee.content {
            return String(cString: content)
        }
        guard let joined = xmlNodeListGetString(attribute.pointee.doc, child, 1) else { return "" }
        defer { clibxml2_free(joined) }
        return String(cString: joined)
    }

    /// Text content of a node and its descendants (`xmlNodeGetContent`, freed here).
    static func textContent(of node: xmlNodePtr) -> String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { clibxml2_free(content) }
        return String(cString: content)
    }

    // MARK: Positions

    /// Where element number `index` starts (its `<`).
    func position(ofElement index: Int, node: xmlNodePtr) -> SourcePosition {
        guard aligned, index < map.elementCount else { return fallbackPosition(node) }
        return map.position(ofOffset: map.elementStarts[index])
    }

    /// Where an attribute's name starts as a byte offset (see `position(of:in:)`), or nil when
    /// the place comes from libxml2's line instead.
    func offset(of attribute: Attribute, in element: ElementContext) -> Int? {
        guard aligned, element.index < map.elementCount else { return nil }
        return map.attributeOffset(element: element.index, qualifiedName: attribute.qualifiedName) ?? map.elementStarts[element.index]
    }

    /// Gives the links found so far the places their offsets stand for (`offset(of:in:)`), all
    /// in one pass over the page (`SourceMap.positions`): every link needs a place in case it
    /// turns out broken, and looking each up built the whole page's line index (14 MB on the
    /// trace page), alone on one core at the end of a render.
    mutating func placeLinks() {
        let places = map.positions(ofOffsets: pendingLinkOffsets.map(\.offset))
        for (pending, place) in zip(pendingLinkOffsets, places) { links[pending.link].position = place }
        pendingLinkOffsets = []
    }

    /// Where an attribute's name starts, or its element's start when it cannot be found.
    func position(of attribute: Attribute, in element: ElementContext) -> SourcePosition {
        offset(of: attribute, in: element).map { map.position(ofOffset: $0) } ?? fallbackPosition(element.node)
    }

    /// Where `needle` first appears in the raw source of a text node, or where the text starts
    /// when it was written with character references.
    func position(ofText node: xmlNodePtr, needle: String) -> SourcePosition {
        guard aligned, let parent = node.pointee.parent, let parentIndex = Self.elementIndex(parent),
            parentIndex < map.elementCount
        else { return fallbackPosition(node) }
        var lower = map.startTagEnds[parentIndex]
        var sibling = node.pointee.prev
        while let previous = sibling {
            if previous.pointee.type == XML_ELEMENT_NODE, let previousIndex = Self.elementIndex(previous) {
                lower = map.contentEnds[previousIndex]
                break
            }
            sibling = previous.pointee.prev
        }
        let upper = max(lower, map.contentEnds[parentIndex])
        let offset = map.firstOffset(of: Array(needle.utf8), in: lower..<upper) ?? lower
        return map.position(ofOffset: offset)
    }

    /// Where `needle` first appears at or after `from` inside element `index`'s content.
    func position(inContentOf index: Int, node: xmlNodePtr, needle: String, from: inout Int) -> SourcePosition {
        guard aligned, index < map.elementCount else { return fallbackPosition(node) }
        let start = max(from, map.startTagEnds[index])
        guard let offset = map.firstOffset(of: Array(needle.utf8), in: start..<max(start, map.contentEnds[index])) else {
            return map.position(ofOffset: map.startTagEnds[index])
        }
        from = offset + 1
        return map.position(ofOffset: offset)
    }

    /// The source bytes of element `index`'s content, when the source and tree agree.
    func rawContentRange(_ index: Int) -> Range<Int>? {
        guard aligned, index < map.elementCount, map.startTagEnds[index] <= map.contentEnds[index] else { return nil }
        return map.startTagEnds[index]..<map.contentEnds[index]
    }

    static func elementIndex(_ node: xmlNodePtr) -> Int? {
        guard let mark = node.pointee._private else { return nil }
        return Int(bitPattern: mark) - 1
    }

    /// libxml2's own line (with `XML_PARSE_BIG_LINES`), no column.
    private func fallbackPosition(_ node: xmlNodePtr) -> SourcePosition {
        SourcePosition(line: Int(xmlGetLineNo(node)), column: 0)
    }

    mutating func report(_ rule: ValidationRule, at position: SourcePosition, _ message: String) {
        issues.append(ValidationIssue(file: file, at: position, rule: rule, message: message))
    }
}
