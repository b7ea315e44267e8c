import Markup
import Mustache
import TelemetryModel
import Vocabulary

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Wraps page content in `templates/page.mustache`: head, inline stylesheet, navigation,
/// footer. Every value goes in triple braces and is escaped here by `MarkupWriter` first:
/// Mustache's own `{{x}}` escaping covers only `& < > " '`, so a title holding NUL, U+FFFF or
/// `{{mustache}}` (all ordinary data: a span name, a route template) would reach the page raw
/// and break it.
struct PageShell {
    let template: MustacheTemplate
    let css: String
    let options: ReportOptions
    let dashboards: [(id: String, title: String)]
    /// The built-in template cut for joining (nil for a template given with `--templates`).
    let pieces: ShellPieces?

    init(options: ReportOptions, dashboards: [(id: String, title: String)], extraCSS: String) throws {
        guard let text = options.resource("templates/page.mustache"),
            let css = options.resource("static/report.css")
        else {
            throw RenderError.missingResource("templates/page.mustache or static/report.css")
        }
        do {
            template = try MustacheTemplate(string: text)
        } catch let error as MustacheTemplate.ParserError {
            throw RenderError.template(
                "templates/page.mustache", line: error.context.lineNumber,
                column: error.context.columnNumber, message: "\(error.error)")
        }
        self.css = css + extraCSS
        self.options = options
        self.dashboards = dashboards
        pieces = ShellPieces(
            template: template, templateText: text, builtIn: EmbeddedResources.files["templates/page.mustache"],
            fixed: Self.fixedValues(options: options, css: self.css))
    }

    /// The template's values that are the same on every page.
    static func fixedValues(options: ReportOptions, css: String) -> [String: Any] {
        [
            "reportTitle": MarkupWriter.escapeText(options.title),
            "css": css,
            "version": MarkupWriter.escapeText(options.toolVersion),
            "generatedAt": MarkupWriter.escapeText(UTCTime.rfc3339(nanos: options.generatedAtNanos)),
            "csp": ContentSecurityPolicy.placeholder,
        ]
    }

    /// Navigation links to every top-level page, marking the current one.
    func nav(_ linker: Linker) -> Node {
        var items: [(PageRef, String)] = [(.index, "Overview")]
        items += dashboards.map { (PageRef.dashboard($0.id), $0.title) }
        items.append((.traces, "Traces"))
        items.append((.compare, "Compare"))
        items.append((.services, "Services"))
        items.append((.logs, "Logs"))
        return .el(
            "ul",
            children: items.map { page, title in
                .el(
                    "li",
                    .el(
                        "a", attrs: [("href", linker.href(page)), ("aria-current", page == linker.current ? "page" : nil)],
                        children: [.text(title)]))
            })
    }

    /// A complete page (site layout).
    ///
    /// The page comes back as consecutive parts (joined, they are the page): the shell before the
    /// content with its policy filled in, the content (`MarkupWriter.writeParts`: the trace
    /// page's embedded data is a part of its own, the very string the data builder made), and
    /// the shell after it — so the page's megabytes exist once (issue 7, peak memory).
    func page(title: String, linker: Linker, content: @autoclosure () -> Node, script: String? = nil) -> [String] {
        let pageTitle = MarkupWriter.escapeText(title), homeHref = MarkupWriter.escapeAttribute(linker.href(.index))
        let nav = MarkupWriter.write(nav(linker))
        // An empty script is left to Mustache, which decides whether it opens the section.
        if let pieces, script.map({ !$0.isEmpty }) ?? true {
            let (before, after) = pieces.page(pageTitle: pageTitle, homeHref: homeHref, nav: nav, script: script)
            return ContentSecurityPolicy.fillParts([before] + MarkupWriter.writeParts(content()) + [after])
        }
        var context = Self.fixedValues(options: options, css: css)
        context["pageTitle"] = pageTitle
        context["homeHref"] = homeHref
        context["nav"] = nav
        if let script { context["script"] = script }
        // The shell is rendered around a marker and the content written into its place, so the
        // page is put together once (Mustache interpolates `{{{content}}}` verbatim; a template
        // where the marker is not found exactly once takes the general path).
        context["content"] = Self.contentMarker
        if let (before, after) = Self.split(template.render(context), at: Self.contentMarker) {
            return ContentSecurityPolicy.fillParts([before] + MarkupWriter.writeParts(content()) + [after])
        }
        context["content"] = MarkupWriter.write(content())
        let rendered = template.render(context)
        context.removeAll()
        return [ContentSecurityPolicy.fill(rendered)]
    }

    /// Stands for the content in the rendered shell; data can never spell it (braces in data
    /// are always written as references or `\u007b`), and the stylesheet is checked by `split`.
    static let contentMarker = "{page-content}"

    /// `text` before and after `marker`, when it occurs exactly once.
    static func split(_ text: String, at marker: String) -> (String, String)? {
        var text = text, marker = marker
        // Every page's shell (its stylesheet is tens of kilobytes) is searched (`ByteSearch`).
        let hits: [Int] = text.withUTF8 { bytes in
            marker.withUTF8 { needle in
                var hits: [Int] = []
                while let found = ByteSearch.first(needle, in: bytes, from: (hits.last ?? -1) + 1) { hits.append(found) }
                return hits
            }
        }
        guard hits.count == 1 else { return nil }
        let start = text.utf8.index(text.utf8.startIndex, offsetBy: hits[0])
        let end = text.utf8.index(start, offsetBy: marker.utf8.count)
        return (String(text[..<start]), String(text[end...]))
    }
}

/// Rendering failures: always bugs or broken installs, never bad input.
public enum RenderError: Error, CustomStringConvertible {
    case missingResource(String)
    case template(String, line: Int, column: Int, message: String)

    public var description: String { diagnostic?.description ?? message }

    /// A template that does not parse as the one `Diagnostic` (its place in the file); nil for
    /// an error without a place.
    public var diagnostic: Diagnostic? {
        guard case .template(let name, let line, let column, _) = self else { return nil }
        return Diagnostic(severity: .error, file: name, line: line, column: column, message: message)
    }

    /// What went wrong, without the place.
    public var message: String {
        switch self {
        case .missingResource(let name): return "the report resource \(name) is missing from the build"
        case .template(_, _, _, let message): return "the Mustache template does not parse: \(message)"
        }
    }
}
