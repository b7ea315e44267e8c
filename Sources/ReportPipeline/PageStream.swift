import Foundation
import HTMLValidation
import ReportRendering
import Vocabulary

/// The files of a report folder between the renderer and the disk: each page is checked on its
/// own (libxml2 and the page's rules) as soon as it is rendered and, while no page has failed,
/// written into the staging folder; then its markup is dropped. What the links between pages
/// need (each page's ids and links) is kept until every page is in, and only a report whose
/// every page passed is put in place (`SiteStaging.commit`).
///
/// Why: rendering used to hold every page (26 MB at 500k spans) beside the snapshot and its
/// analysis until all were validated; now the small pages are gone as soon as they are made,
/// and their checks and writes run beside the rendering of the others (issue 7, peak memory and
/// wall time). A page of `deferredBytes` or more — the traces page — is checked only in
/// `finish`, after the caller has released the snapshot and the analysis: its parse (a byte copy
/// and libxml2's tree, about twice its size) would otherwise stack on them. It is written into
/// the staging folder when it arrives and its text let go, then read back for its check: held
/// until then, its text (13.6 MB at 500k spans) was the end of the render phase's peak.
///
/// The outcome does not depend on the threads: pages are checked alone, their results are kept
/// by their place in the report, and the issues are those `HTMLValidator.validate` gives for the
/// pages in that order.
final class PageStream: @unchecked Sendable {
    /// Pages of this many bytes or more are checked after the snapshot is released.
    static let deferredBytes = 2 << 20

    let staging: SiteStaging
    private let validator = HTMLValidator()
    private let lock = NSLock()
    private var checked: [Int: CheckedPage] = [:]
    private var deferred: [(index: Int, file: RenderedFile)] = []
    /// Large pages written when they arrived, to be read back and checked in `finish`.
    private var staged: [(index: Int, name: String, stagedPath: String)] = []
    /// A page broke a rule: the run will fail, so nothing more is written.
    private var failed = false

    init(target: String) {
        staging = SiteStaging(target: target)
    }

    /// Takes the `index`-th file of the report (from any thread).
    func accept(_ index: Int, _ file: RenderedFile) {
        if file.parts.reduce(0, { $0 + $1.utf8.count }) >= Self.deferredBytes {
            // Written now unless the run has failed (then nothing more is written) or the write
            // fails; such a page is kept whole, as every large page was before.
            if file.path.hasSuffix(".html") && !hasFailed, let stagedPath = staging.write(index, file) {
                lock.lock()
                staged.append((index, file.path, stagedPath))
                lock.unlock()
                return
            }
            lock.lock()
            deferred.append((index, file))
            lock.unlock()
            return
        }
        if file.path.hasSuffix(".html") && !keep(index, validator.check(HTMLDocument(path: file.path, parts: file.parts))) {
            return
        }
        staging.write(index, file)
    }

    /// Checks and stages the kept pages (each page's write beside its check), then resolves the
    /// links between all pages: every issue of the report, sorted (empty when it is valid).
    func finish() -> [ValidationIssue] {
        lock.lock()
        var pending = deferred
        deferred = []
        let written = staged
        staged = []
        lock.unlock()
        for page in written {
            guard let text = staging.readBack(page.stagedPath, index: page.index, name: page.name) else { continue }
            _ = keep(page.index, validator.check(HTMLDocument(path: page.name, text: text)))
        }
        while let (index, file) = pending.popLast() {
            // Staging is private until the commit, so a page may be written before it is known to
            // be valid; a failure removes it with the rest.
            let (_, page) = CoreSplit.both(
                { self.staging.write(index, file) },
                { file.path.hasSuffix(".html") ? self.validator.check(HTMLDocument(path: file.path, parts: file.parts)) : nil })
            if let page { _ = keep(index, page) }
        }
        lock.lock()
        defer { lock.unlock() }
        return validator.issues(of: checked.keys.sorted().map { checked[$0]! })
    }

    private var hasFailed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return failed
    }

    /// Keeps a page's check; whether the report may still be valid.
    private func keep(_ index: Int, _ page: CheckedPage) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        checked[index] = page
        if page.hasIssues { failed = true }
        return !failed
    }
}
