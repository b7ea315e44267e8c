import Mustache
import Vocabulary

/// The built-in page template rendered once for the whole report, cut where the values that
/// change from page to page go (the page's title, the link home, the navigation, the script
/// and the content), so each page is put together by joining strings instead of rendering
/// the template again (`PageShell.page`).
///
/// Rendering the template for every page (the stylesheet, tens of kilobytes, interpolated each
/// time) and searching the result for where the content goes were 1% of a 500k-span render's
/// instructions. The pieces give the same bytes as rendering: every value of the built-in
/// template goes in triple braces, verbatim, and only the script decides a section, so the
/// pieces are made twice, with and without a script. A template given with `--templates` may
/// use its values any way Mustache allows (escaped, as sections), and is rendered for every page.
struct ShellPieces {
    /// Text from the template (with the report's fixed values in it), or where a page's value goes.
    enum Piece: Equatable {
        case text(String)
        case pageTitle
        case homeHref
        case nav
        case script
        case content
    }

    let withScript: [Piece]
    let withoutScript: [Piece]

    /// Stands for each page value in the rendered template, with the value's name in the
    /// template. Values written into the template never hold braces (`MarkupWriter` writes them
    /// as references); the stylesheet might, which `cut` detects by counting.
    static let markers: [(marker: String, piece: Piece, key: String)] = [
        ("{shell-page-title}", .pageTitle, "pageTitle"), ("{shell-home-href}", .homeHref, "homeHref"),
        ("{shell-nav}", .nav, "nav"), ("{shell-script}", .script, "script"), (PageShell.contentMarker, .content, "content"),
    ]

    /// The pieces of `template` with the report's fixed values in `fixed`; nil when the template
    /// is not the built-in one, or the markers are not each found exactly where the built-in
    /// template puts its values. Rendered without a script, then with one (the section it opens).
    init?(template: MustacheTemplate, templateText: String, builtIn: String?, fixed: [String: Any]) {
        guard let builtIn, templateText == builtIn else { return nil }
        var context = fixed
        var cuts: [[Piece]] = []
        for scripted in [false, true] {
            for m in Self.markers where m.piece != .script || scripted { context[m.key] = m.marker }
            let expecting: [Piece] = [.pageTitle, .homeHref, .nav, .content] + (scripted ? [.script] : [])
            guard let pieces = Self.cut(template.render(context), expecting: expecting) else { return nil }
            cuts.append(pieces)
        }
        withoutScript = cuts[0]
        withScript = cuts[1]
    }

    /// `rendered` cut at every marker, when the markers found are exactly `expecting`, in that
    /// order, each once.
    static func cut(_ rendered: String, expecting: [Piece]) -> [Piece]? {
        let bytes = Array(rendered.utf8)
        let needles = markers.map { (Array($0.marker.utf8), $0.piece) }
        var pieces: [Piece] = [], found: [Piece] = []
        var at = 0
        bytes.withUnsafeBufferPointer { all in
            while true {
                // The marker found first from `at` (searched in the UTF-8 bytes: the stylesheet is
                // tens of kilobytes).
                var first: (offset: Int, length: Int, piece: Piece)?
                for (needle, piece) in needles {
                    let hit = needle.withUnsafeBufferPointer { ByteSearch.first($0, in: all, from: at) }
                    if let hit, hit < (first?.offset ?? all.count) { first = (hit, needle.count, piece) }
                }
                guard let first else { break }
                pieces.append(.text(String(decoding: all[at..<first.offset], as: UTF8.self)))
                pieces.append(first.piece)
                found.append(first.piece)
                at = first.offset + first.length
            }
            pieces.append(.text(String(decoding: all[at...], as: UTF8.self)))
        }
        return found == expecting ? pieces : nil
    }

    /// The page's text before and after its content.
    func page(pageTitle: String, homeHref: String, nav: String, script: String?) -> (before: String, after: String) {
        var before = "", after = ""
        var inAfter = false
        let pieces = script == nil ? withoutScript : withScript
        before.reserveCapacity(pieces.reduce(0) { total, piece in if case .text(let t) = piece { total + t.utf8.count } else { total } })
        for piece in pieces {
            let text: String
            switch piece {
            case .text(let t): text = t
            case .pageTitle: text = pageTitle
            case .homeHref: text = homeHref
            case .nav: text = nav
            case .script: text = script ?? ""
            case .content:
                inAfter = true
                continue
            }
            if inAfter { after += text } else { before += text }
        }
        return (before, after)
    }
}
