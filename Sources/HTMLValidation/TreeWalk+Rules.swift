import CLibXML2
import Vocabulary

/// The per-page rules of DESIGN.md §6, applied by ``TreeWalk`` as it meets each node.
extension TreeWalk {
    /// Attributes that hold a URL, where a `javascript:` URL would run (WHATWG HTML's URL
    /// attributes, plus SVG's `href`/`xlink:href`).
    static let urlAttributes: Set<String> = [
        "href", "src", "srcset", "imagesrcset", "action", "formaction", "data", "poster", "cite",
        "background", "ping", "manifest", "codebase", "longdesc", "usemap",
    ]

    // MARK: Attributes

    mutating func checkAttribute(_ attribute: Attribute, of element: ElementContext) {
        let plain = attribute.namespace == nil
        let traits = attribute.traits
        if plain, traits.contains(.id) { checkID(attribute, of: element) }

        if plain, traits.contains(.eventHandler) {
            report(
                .inlineEventHandler, at: position(of: attribute, in: element),
                "<\(element.name)> has inline event handler \(attribute.name)=; a strict Content-Security-Policy blocks it, attach the listener from a script"
            )
        }

        let carriesURL =
            plain ? traits.contains(.url) : traits.contains(.href) && attribute.namespace == PageChecker.xlinkNamespace
        if carriesURL {
            let value = attribute.value
            let urls = traits.contains(.urlList) ? Self.candidateURLs(value, isSrcset: attribute.name != "ping") : [value]
            for url in urls {
                checkURL(url, attribute: attribute, of: element)
            }
        }
        // CSS: the `style` attribute anywhere; SVG presentation attributes such as
        // fill="url(#gradient)" can reference another document too.
        if plain, traits.contains(.style) || (element.isSVG && attribute.valueContains("url(")) {
            for (url, _) in URLCheck.cssURLs(in: attribute.value) {
                checkCSSURL(
                    url, at: position(of: attribute, in: element),
                    where: "CSS url() in \(attribute.name)= of <\(element.name)>")
            }
        }
    }

    private mutating func checkURL(_ url: String, attribute: Attribute, of element: ElementContext) {
        let origin = "<\(element.name) \(attribute.qualifiedName)>"
        if URLCheck.isJavaScript(url) {
            report(
                .javascriptURL, at: position(of: attribute, in: element),
                "\(origin) uses a javascript: URL; a strict Content-Security-Policy blocks it")
            return
        }
        let isHref = attribute.name == "href"
        let isLink =
            isHref
            && ((element.isHTML && (element.name == "a" || element.name == "area") && attribute.namespace == nil)
                || (element.isSVG && element.name == "a"))
        if isLink {
            if let offset = offset(of: attribute, in: element) {
                pendingLinkOffsets.append((links.count, offset))
                links.append(PageScan.Link(href: url, position: SourcePosition(line: 0, column: 0), origin: origin))
            } else {
                links.append(PageScan.Link(href: url, position: position(of: attribute, in: element), origin: origin))
            }
            return
        }
        // Everything else fetches: `src` anywhere, `<link href>`, `<object data>`, SVG
        // `<use href>`/`<image xlink:href>`… `action`/`cite`/`longdesc` only navigate.
        let fetches =
            !["action", "formaction", "cite", "longdesc", "usemap"].contains(attribute.name)
            && !(isHref && element.isHTML && element.name != "link" && element.name != "base")
        if fetches, URLCheck.loadsFromOutside(url) {
            report(
                .externalResource, at: position(of: attribute, in: element),
                "\(origin) loads \"\(url)\" from outside the report; inline it or copy it into the report")
        }
    }

    private mutating func checkCSSURL(_ url: String, at position: SourcePosition, where place: String) {
        if URLCheck.isJavaScript(url) {
            report(.javascriptURL, at: position, "\(place) uses a javascript: URL")
        } else if URLCheck.loadsFromOutside(url) {
            report(.externalResource, at: position, "\(place) loads \"\(url)\" from outside the report")
        }
    }

    /// `srcset`: comma-separated candidates, each a URL then an optional descriptor;
    /// `ping`: space-separated URLs.
    private static func candidateURLs(_ value: String, isSrcset: Bool) -> [String] {
        if isSrcset {
            return value.split(separator: ",").compactMap { candidate in
                candidate.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.map(String.init)
            }
        }
        return value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
    }

    /// `id`s must be unique (libxml2 checks this only against a DTD) and, to be reachable as a
    /// fragment, non-empty and without ASCII whitespace (HTML §3.2.6.1).
    private mutating func checkID(_ attribute: Attribute, of element: ElementContext) {
        let value = attribute.value
        // Places are worked out only for a problem: a place needs the page's line index, which a
        // valid page (hundreds of ids on a waterfall) never has to build.
        if value.isEmpty {
            report(.invalidID, at: position(of: attribute, in: element), "<\(element.name)> has an empty id")
            return
        }
        if value.unicodeScalars.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }) {
            report(.invalidID, at: position(of: attribute, in: element), "id \"\(value)\" contains whitespace, so no link can reach it")
        }
        if let first = idDefinitions[value] {
            let line = position(of: first.attribute, in: first.element).line
            report(.duplicateID, at: position(of: attribute, in: element), "duplicate id \"\(value)\", first defined at line \(line)")
        } else {
            idDefinitions[value] = (attribute, element)
        }
    }

    // MARK: SVG

    /// Each `<svg>` needs a `viewBox` (to scale), `role="img"` and a `<title>` child (to be
    /// announced as one image with a name by screen readers).
    mutating func checkSVG(_ element: ElementContext, attributes: [Attribute]) {
        // The element's place only when a rule is broken: it builds the page's line index.
        func here() -> SourcePosition { position(ofElement: element.index, node: element.node) }
        let plain = { (name: String) in attributes.first { $0.namespace == nil && $0.name == name } }
        if let viewBox = plain("viewBox") {
            if !Self.isValidViewBox(viewBox.value) {
                report(
                    .svgViewBox, at: position(of: viewBox, in: element),
                    "<svg> viewBox \"\(viewBox.value)\" is not four numbers with a positive width and height")
            }
        } else {
            report(.svgViewBox, at: here(), "<svg> has no viewBox, so it cannot scale with the page")
        }
        if let role = plain("role") {
            let first = role.value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first
            if first != "img" {
                report(.svgRole, at: position(of: role, in: element), "<svg> has role=\"\(role.value)\"; expected role=\"img\"")
            }
        } else {
            report(.svgRole, at: here(), "<svg> has no role=\"img\", so it is not announced as an image")
        }
        var child = element.node.pointee.children
        var title: xmlNodePtr?
        while let node = child {
            if node.pointee.type == XML_ELEMENT_NODE, String(cString: node.pointee.name) == "title" {
                title = node
                break
            }
            child = node.pointee.next
        }
        if let title {
            if Self.textContent(of: title).allSatisfy(\.isWhitespace) {
                report(.svgTitle, at: here(), "<svg> has an empty <title>")
            }
        } else {
            report(.svgTitle, at: here(), "<svg> has no <title> child element, its accessible name")
        }
    }

    /// `min-x min-y width height`, separated by whitespace and/or a comma (SVG 2 §8.7).
    static func isValidViewBox(_ value: String) -> Bool {
        let parts = value.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        guard parts.count == 4 else { return false }
        let numbers = parts.compactMap { Double($0) }
        guard numbers.count == 4, numbers.allSatisfy(\.isFinite) else { return false }
        return numbers[2] > 0 && numbers[3] > 0
    }

    // MARK: Text

    /// `<style>` content: every `url()` and `@import` must stay inside the report.
    mutating func checkStyleElement(_ element: ElementContext) {
        // A stylesheet of one text (or CDATA) node is searched in libxml2's own copy: every page
        // carries the 26 KB stylesheet, which `xmlNodeGetContent` copied and a `String` copied
        // and checked again, only to find no `url(` (253 waterfall pages at 500k spans: 22 M
        // instructions; issue 7). Only a stylesheet that may load something is made a `String`.
        if let only = element.node.pointee.children, only.pointee.next == nil,
            only.pointee.type == XML_TEXT_NODE || only.pointee.type == XML_CDATA_SECTION_NODE,
            let content = only.pointee.content
        {
            let bytes = UnsafeBufferPointer(start: content, count: strlen(content))
            guard Self.contains(bytes, "url(", ignoringASCIICase: true) || Self.contains(bytes, "@import", ignoringASCIICase: true)
            else { return }
        }
        let css = Self.textContent(of: element.node)
        guard Self.contains(css, "url(", ignoringASCIICase: true) || Self.contains(css, "@import", ignoringASCIICase: true) else { return }
        var cursor = 0
        for (url, _) in URLCheck.cssURLs(in: css) {
            let here = position(inContentOf: element.index, node: element.node, needle: url, from: &cursor)
            checkCSSURL(url, at: here, where: "CSS in <style>")
        }
    }

    /// `on` + at least one more letter, in any case (HTML attribute names are case-insensitive).
    static func isEventHandlerName(_ name: String) -> Bool {
        var bytes = name.utf8.makeIterator()
        guard let first = bytes.next(), first | 0x20 == UInt8(ascii: "o"),
            let second = bytes.next(), second | 0x20 == UInt8(ascii: "n")
        else { return false }
        return bytes.next() != nil
    }

    /// Byte search on the UTF-8 view; Foundation's `contains`/`range(of:)` go through
    /// CFString and dominated the profile on a 900 KB page. Every page's stylesheet (tens of
    /// kilobytes) is searched, so the search jumps with `memchr` to each occurrence of a byte of
    /// the needle that has no other case (`(` of `url(`, `@` of `@import`) and compares around it.
    static func contains(_ text: String, _ needle: StaticString, ignoringASCIICase: Bool = false) -> Bool {
        var text = text
        return text.withUTF8 { contains($0, needle, ignoringASCIICase: ignoringASCIICase) }
    }

    /// `contains` on UTF-8 bytes.
    static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: StaticString, ignoringASCIICase: Bool = false) -> Bool {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        @inline(__always) func fold(_ b: UInt8) -> UInt8 { ignoringASCIICase && b >= 65 && b <= 90 ? b + 32 : b }
        @inline(__always) func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 97 && (b | 0x20) <= 122 }
        guard !pattern.isEmpty else { return true }
        let anchor = ignoringASCIICase ? (pattern.firstIndex { !isLetter($0) } ?? -1) : 0
        guard bytes.count >= pattern.count, let base = bytes.baseAddress else { return false }
        func matches(at start: Int) -> Bool {
            for offset in 0..<pattern.count where fold(bytes[start + offset]) != pattern[offset] { return false }
            return true
        }
        guard anchor >= 0 else {
            for start in 0...(bytes.count - pattern.count) where matches(at: start) { return true }
            return false
        }
        // The anchor byte sits at `anchor` within the needle: a match starts `anchor` before it.
        var i = anchor
        let lastAnchor = bytes.count - pattern.count + anchor
        while i <= lastAnchor, let found = ByteSearch.first(pattern[anchor], in: base, i..<(lastAnchor + 1)) {
            if matches(at: found - anchor) { return true }
            i = found + 1
        }
        return false
    }
}
