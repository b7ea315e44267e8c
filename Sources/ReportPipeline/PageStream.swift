import Foundation
import HTMLValidation
import ReportRendering
import Vocabulary

/// The files of a report folder between the renderer and the disk: each page is written into
/// the staging folder as soon as it is rendered, and its markup dropped; once every page is in,
/// each is read back and checked on its own (libxml2 and the page's rules). What the links
/// between pages need (each page's ids and links) is kept, and only a report whose every page
/// passed is put in place (`SiteStaging.commit`).
///
/// Why: rendering used to hold every page (26 MB at 500k spans) beside the snapshot and its
/// analysis until all were validated; now a page is gone as soon as it is written (issue 7, peak
/// memory). The checks wait for `finish`, whose large pages wait for the caller to release the
/// snapshot and the analysis (`beforeLargePages`, while the small pages are checked): the traces
/// page's parse (its bytes and libxml2's tree, about twice its size) would otherwise stack on
/// them, and checked there alone it left the other core idle for a tenth of the run. Now the
/// other cores check the other pages meanwhile, work that used to take its share of every core
/// during the render (500k spans, 2 cores: render 0.45 → 0.33 s, validate 0.07 → 0.10 s).
/// The pages are read back as bytes, never as strings: they were written from strings, so they
/// are valid UTF-8 and need no second validation of every byte.
///
/// The outcome does not depend on the threads: pages are checked alone, their results are kept
/// by their place in the report, and the issues are those `HTMLValidator.validate` gives for the
/// pages in that order.
final class PageStream: @unchecked Sendable {
    /// Pages of this many bytes or more are taken first in `finish`; one whose write failed is
    /// kept whole until then.
    static let deferredBytes = 2 << 20

    let staging: SiteStaging
    private let validator = HTMLValidator()
    private let lock = NSLock()
    private var checked: [Int: CheckedPage] = [:]
    private var deferred: [(index: Int, file: RenderedFile)] = []
    /// Large pages written when they arrived, to be read back and checked in `finish`.
    private var staged: [(index: Int, name: String, stagedPath: String)] = []
    /// The other pages, written when they arrived, to be read back and checked in `finish`.
    private var unchecked: [(index: Int, name: String, stagedPath: String)] = []

    init(target: String, detachedRemoval: Bool = false) {
        staging = SiteStaging(target: target, detachedRemoval: detachedRemoval)
    }

    /// Takes the `index`-th file of the report (from any thread).
    func accept(_ index: Int, _ file: RenderedFile) {
        // A file that is no page (`report.json`) is written as it comes and let go: it is handed
        // over beside the traces page, and was kept whole until `finish` (35 MB with a span name
        // per request; issue 7).
        guard file.path.hasSuffix(".html") else {
            staging.write(index, file)
            return
        }
        let large = file.parts.reduce(0, { $0 + $1.utf8.count }) >= Self.deferredBytes
        if let stagedPath = staging.write(index, file) {
            lock.lock()
            if large { staged.append((index, file.path, stagedPath)) } else { unchecked.append((index, file.path, stagedPath)) }
            lock.unlock()
            return
        }
        // The write failed (the run will fail; the page is still checked, so its issues are
        // reported too). A large one is kept whole for `finish`.
        if large {
            lock.lock()
            deferred.append((index, file))
            lock.unlock()
        } else {
            keep(index, validator.check(HTMLDocument(path: file.path, parts: file.parts)))
        }
    }

    /// Checks the pages, read back from staging (the large ones one after another on one core,
    /// the others on the other cores), checks and stages the pages kept whole, then resolves the
    /// links between all pages: every issue of the report, sorted (empty when it is valid).
    /// `beforeLargePages` runs first on the core that then checks the large pages, beside the
    /// other cores' checks of the small ones: the caller lets go of what the large pages' parse
    /// must not stack on.
    func finish(beforeLargePages: () -> Void = {}) -> [ValidationIssue] {
        lock.lock()
        var pending = deferred
        deferred = []
        let written = staged, small = unchecked
        staged = []
        unchecked = []
        lock.unlock()
        // The large pages, one after another, are the first task; the other cores take the small
        // ones one at a time, and the first joins them when it is done (`CoreSplit.map` hands
        // out tasks in order). One large page at a time: each parse holds its bytes and
        // libxml2's tree, about three times the page.
        func check(_ page: (index: Int, name: String, stagedPath: String)) {
            // A page that cannot be read back fails the commit with that reason (`readBack`
            // records it); its check must not turn it into broken links.
            guard let bytes = staging.readBack(page.stagedPath, index: page.index, name: page.name) else {
                keep(page.index, validator.unreadable(path: page.name))
                return
            }
            keep(page.index, validator.check(path: page.name, writtenBytes: bytes))
        }
        _ = CoreSplit.map(1 + small.count) { k in
            if k == 0 {
                beforeLargePages()
                written.forEach(check)
            } else {
                check(small[k - 1])
            }
        }
        while let (index, file) = pending.popLast() {
            // Staging is private until the commit, so a page may be written before it is known to
            // be valid; a failure removes it with the rest.
            let (_, page) = CoreSplit.both(
                { self.staging.write(index, file) }, { self.validator.check(HTMLDocument(path: file.path, parts: file.parts)) })
            keep(index, page)
        }
        lock.lock()
        defer { lock.unlock() }
        return validator.issues(of: checked.keys.sorted().map { checked[$0]! })
    }

    /// Keeps a page's check.
    private func keep(_ index: Int, _ page: CheckedPage) {
        lock.lock()
        defer { lock.unlock() }
        checked[index] = page
    }
}
