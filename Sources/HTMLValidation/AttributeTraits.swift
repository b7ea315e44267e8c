/// What the per-page rules (`TreeWalk+Rules`) need to know of an attribute's local name — and of
/// an element's, which the same cache gives — worked
/// out once per distinct name of a page (`NameCache`) rather than for each attribute: a page of
/// waterfalls has tens of thousands of attributes and a few dozen names, and hashing each name
/// into a set of URL attributes and comparing it with the rules' names was a percent of a render
/// of deep traces (issue 7). Names are as written (XML is case-sensitive), except the event
/// handler test, which HTML makes case-insensitive.
struct AttributeTraits: OptionSet {
    let rawValue: UInt8

    /// `id`.
    static let id = AttributeTraits(rawValue: 1 << 0)
    /// `on` and at least one more character, in any case: an inline event handler.
    static let eventHandler = AttributeTraits(rawValue: 1 << 1)
    /// One of `TreeWalk.urlAttributes`: its value is a URL.
    static let url = AttributeTraits(rawValue: 1 << 2)
    /// `srcset`, `imagesrcset` or `ping`: its value is a list of URLs.
    static let urlList = AttributeTraits(rawValue: 1 << 3)
    /// `style`: CSS.
    static let style = AttributeTraits(rawValue: 1 << 4)
    /// `href`.
    static let href = AttributeTraits(rawValue: 1 << 5)
    /// `svg`, as an element's name: an SVG root, whose accessibility is checked.
    static let svg = AttributeTraits(rawValue: 1 << 6)
    /// `meta` or `script`, as an element's name: with `style`, what the policy check collects.
    static let metaOrScript = AttributeTraits(rawValue: 1 << 7)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init(name: String) {
        var traits: AttributeTraits = []
        if name == "id" { traits.insert(.id) }
        if TreeWalk.isEventHandlerName(name) { traits.insert(.eventHandler) }
        if TreeWalk.urlAttributes.contains(name) { traits.insert(.url) }
        if name == "srcset" || name == "imagesrcset" || name == "ping" { traits.insert(.urlList) }
        if name == "style" { traits.insert(.style) }
        if name == "href" { traits.insert(.href) }
        if name == "svg" { traits.insert(.svg) }
        if name == "meta" || name == "script" { traits.insert(.metaOrScript) }
        self = traits
    }
}
