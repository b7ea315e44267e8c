import Foundation
import Vocabulary

/// Validates the pages of a report against DESIGN.md §6 before anything is written.
///
/// Each page is parsed strictly as XML by libxml2 (our pages are polyglot HTML5, so the XML
/// parser is exact where libxml2's HTML parser is not: it rejects HTML5 and SVG element names
/// and misses unclosed elements), then checked in one tree walk; links between pages are
/// checked last, once every page's ids are known. libxml2 use is serialised behind one lock
/// (its error handlers are per-thread globals), so a validator may be used from any thread.
public struct HTMLValidator: Sendable {
    public init() {}

    /// The libxml2 version this module was built against, e.g. `2.9.14`.
    public static var libxml2Version: String { LibXML2.dottedVersion }

    /// Validates a set of pages that link to each other.
    ///
    /// - Parameters:
    ///   - documents: the pages; `path` is relative to the report root (`traces/abc.html`).
    ///   - baseDirectory: where the report root is on disk, if it is; a link to a page that is not
    ///     in `documents` is then accepted when the file exists there.
    /// - Returns: every issue, sorted by file, line and column; empty when all pages pass.
    public func validate(_ documents: [HTMLDocument], baseDirectory: String? = nil) -> [ValidationIssue] {
        validate(documents.map { Page(path: $0.path, file: $0.path, parts: $0.parts) }, baseDirectory: baseDirectory)
    }

    /// Checks one page on its own (libxml2 and every rule but the links between pages), from any
    /// thread; `issues(of:)` resolves the links once every page of the set is checked. The page's
    /// bytes are needed only during this call.
    public func check(_ document: HTMLDocument) -> CheckedPage {
        let page = Page(path: document.path, file: document.path, parts: document.parts)
        return CheckedPage(path: page.path, file: page.file, scan: page.checker().check())
    }

    /// `check` of a rendered page's bytes as this process wrote them to disk and read them back:
    /// they came from Swift strings, so they are valid UTF-8, and are checked as they are rather
    /// than made a `String` (a validation of every byte) and copied back into bytes (issue 7).
    public func check(path: String, writtenBytes: SourceBytes) -> CheckedPage {
        CheckedPage(path: path, file: path, scan: PageChecker(file: path, source: writtenBytes, knownUTF8: true).check())
    }

    /// A page that could not be read back for its check: no issues of its own (the caller reports
    /// why it could not be read) and, like a page that is not well-formed, links into it are not
    /// checked — otherwise every link to it would be reported broken, hiding the real problem.
    public func unreadable(path: String) -> CheckedPage {
        CheckedPage(path: path, file: path, scan: PageScan())
    }

    /// Every issue of a set of checked pages, the links between them resolved, sorted by file,
    /// line and column: the same as `validate` of the pages' documents, given in the same order.
    public func issues(of pages: [CheckedPage], baseDirectory: String? = nil) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        var ids: [String: Set<String>?] = [:]
        for page in pages {
            ids[page.path] = page.scan.ids
            issues += page.scan.issues
        }
        let resolver = LinkResolver(pages: ids, baseDirectory: baseDirectory)
        // Each page's links on whichever core is free (a report has some 50,000); the issues
        // are sorted, so the order they are found in does not show.
        for found in CoreSplit.map(pages.count, { resolver.check(pages[$0].scan.links, from: pages[$0].path, file: pages[$0].file) }) {
            issues += found
        }
        return issues.sorted()
    }

    /// Validates one page on its own (links to other pages are reported as unresolved unless
    /// `baseDirectory` holds them).
    public func validate(_ document: HTMLDocument, baseDirectory: String? = nil) -> [ValidationIssue] {
        validate([document], baseDirectory: baseDirectory)
    }

    /// Validates files on disk as one set (what `otel-report validate FILE...` runs).
    ///
    /// Links between the files resolve against their real folders; a link to a file outside the
    /// set is accepted when that file exists. Issues name each file as it was given. A file
    /// that cannot be read gives a `file-read` issue.
    public func validateFiles(paths: [String]) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        var readable: [(absolute: String, given: String, bytes: SourceBytes)] = []
        var seen: Set<String> = []
        for given in paths {
            let absolute = URL(fileURLWithPath: given).standardizedFileURL.path
            guard seen.insert(absolute).inserted else { continue }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder) else {
                issues.append(Self.unreadable(given, "no such file"))
                continue
            }
            guard !isFolder.boolValue else {
                issues.append(Self.unreadable(given, "is a folder, not an HTML file"))
                continue
            }
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: absolute))
                readable.append((absolute, given, SourceBytes(reading: data.count) { data.copyBytes(to: $0) }!))
            } catch {
                issues.append(Self.unreadable(given, "cannot be read: \(error.localizedDescription)"))
            }
        }
        guard !readable.isEmpty else { return issues.sorted() }
        let root = Self.commonFolder(of: readable.map(\.absolute))
        let pages = readable.map { file in
            Page(path: String(file.absolute.dropFirst(root == "/" ? 1 : root.count + 1)), file: file.given, bytes: file.bytes)
        }
        return (issues + validate(pages, baseDirectory: root)).sorted()
    }

    // MARK: Internals

    private static func unreadable(_ file: String, _ message: String) -> ValidationIssue {
        ValidationIssue(file: file, line: 0, column: 0, rule: ValidationRule.fileRead.rawValue, message: message)
    }

    /// A page as the validator sees it: its path in the report, its name in issues, its bytes.
    ///
    /// A rendered page keeps its `String` and becomes bytes only while it is checked, so a
    /// report's pages are not all held twice (issue 7: the trace page alone is megabytes).
    struct Page {
        var path: String
        var file: String
        var bytes = SourceBytes([])
        /// The page as Swift strings (always valid UTF-8, consecutive parts), when it came from the
        /// renderer.
        var parts: [String]? = nil

        init(path: String, file: String, bytes: SourceBytes) {
            self.path = path
            self.file = file
            self.bytes = bytes
        }

        init(path: String, file: String, parts: [String]) {
            self.path = path
            self.file = file
            self.parts = parts
        }

        var byteCount: Int { parts?.reduce(0) { $0 + $1.utf8.count } ?? bytes.count }

        /// The checker for this page; the strings' bytes are copied here, one page at a time.
        func checker() -> PageChecker {
            guard let parts else { return PageChecker(file: file, source: bytes) }
            let joined = SourceBytes(reading: byteCount) { into in
                var at = 0
                for part in parts {
                    // A native string's bytes are contiguous; a bridged one's are copied one by one.
                    at =
                        part.utf8.withContiguousStorageIfAvailable { into[at...].initialize(from: $0).index }
                        ?? into[at...].initialize(from: part.utf8).index
                }
                return at
            }!
            return PageChecker(file: file, source: joined, knownUTF8: true)
        }
    }

    func validate(_ pages: [Page], baseDirectory: String?) -> [ValidationIssue] {
        let checked = zip(pages, Self.check(pages)).map { CheckedPage(path: $0.path, file: $0.file, scan: $1) }
        return issues(of: checked, baseDirectory: baseDirectory)
    }

    /// Each page checked on its own, on every core, largest first so the trace page (a third of
    /// a report's bytes) does not start last; results in the pages' order.
    static func check(_ pages: [Page]) -> [PageScan] {
        guard pages.count > 1 else { return pages.map { $0.checker().check() } }
        let sizes = pages.map(\.byteCount)
        let order = pages.indices.sorted { (sizes[$0], $1) > (sizes[$1], $0) }
        // Parallel.map hands out indexes in order, so the k-th is the k-th largest page.
        let checked = Parallel.map(pages.count) { k in
            (order[k], pages[order[k]].checker().check())
        }
        var results = [PageScan?](repeating: nil, count: pages.count)
        for (index, scan) in checked { results[index] = scan }
        return results.map { $0! }
    }

    /// The deepest folder containing every path (all absolute and standardised).
    static func commonFolder(of paths: [String]) -> String {
        let folders = paths.map { $0.split(separator: "/").dropLast() }
        guard var common = folders.first.map(Array.init) else { return "/" }
        for folder in folders.dropFirst() {
            var length = 0
            while length < min(common.count, folder.count), common[length] == folder[folder.startIndex + length] { length += 1 }
            common = Array(common.prefix(length))
        }
        return "/" + common.joined(separator: "/")
    }
}
