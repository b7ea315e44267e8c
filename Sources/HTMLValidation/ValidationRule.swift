/// The rules a page is checked against (DESIGN.md §6); the raw value is the id printed in brackets.
public enum ValidationRule: String, Sendable, CaseIterable {
    /// libxml2's XML parser reported a diagnostic: the page is not well-formed polyglot markup
    /// (unclosed tag, named entity such as `&nbsp;`, more than one root, bad encoding…).
    case xmlParse = "xml-parse"
    /// The same `id` appears twice; libxml2 does not report this without a DTD.
    case duplicateID = "duplicate-id"
    /// An `id` is empty or contains whitespace, so no fragment can reach it (HTML §3.2.6.1).
    case invalidID = "invalid-id"
    /// A link inside the report does not reach an existing page or `id`.
    case brokenLink = "broken-link"
    /// Something would be loaded from outside the report (`http:`, `https:`, `//`, `file:`).
    case externalResource = "external-resource"
    /// A `javascript:` URL, which a strict Content-Security-Policy blocks and which hides code.
    case javascriptURL = "javascript-url"
    /// An `<svg>` without a `viewBox`, so it cannot scale with the page.
    case svgViewBox = "svg-viewbox"
    /// An `<svg>` without `role="img"`, so assistive technology does not announce it as one image.
    case svgRole = "svg-role"
    /// An `<svg>` without a non-empty `<title>` child, its accessible name.
    case svgTitle = "svg-title"
    /// An `on…` attribute; inline handlers need `'unsafe-inline'` in the Content-Security-Policy.
    case inlineEventHandler = "inline-event-handler"
    /// `{{` or `}}` left in text or an attribute: a template hole was not rendered.
    case templateText = "template-text"
    /// No Content-Security-Policy `<meta>`, a policy that allows network loads or
    /// `'unsafe-inline'` scripts, or an inline script or style whose SHA-256 it does not list.
    case contentSecurityPolicy = "content-security-policy"
    /// The file could not be read.
    case fileRead = "file-read"
}
