import Foundation
import HTMLValidation
import ReportRendering
import Testing

@testable import ReportPipeline

/// `render` stages each page as it is made and checks the pages once all are in, so a run can
/// fail after every page was written into the staging folder: a page breaking a rule, a link
/// between pages found broken only once every page is in, or a page that cannot be read back. Each must still
/// write nothing — the earlier report byte for byte, no staging entry left, no folder made.
@Suite struct PageStreamTests {
    /// The files of a real small report (valid pages that link to each other), in the report's
    /// order with `report.json` last, and the work folder holding it as `r`.
    static func validFiles() throws -> (work: URL, files: [RenderedFile]) {
        let work = try PipelineFixtures.temporaryDirectory()
        let request = try PipelineFixtures.twoTracesRequest(in: work)
        let result = try RenderPipeline.run(request)
        let files = try result.files.map { path in
            RenderedFile(path: path, contents: try String(contentsOf: work.appendingPathComponent("r/" + path), encoding: .utf8))
        }
        #expect(files.count > 3 && files.last?.path == "report.json" && files.first?.path == "index.html")
        return (work, files)
    }

    /// The staging entries beside `target`.
    static func leftovers(beside target: URL) -> [String] {
        let folder = target.deletingLastPathComponent()
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasPrefix(".\(target.lastPathComponent).otel-report-") }
    }

    /// `target` holds exactly `files`, byte for byte, and nothing is left beside it.
    static func expectReport(at target: URL, is files: [RenderedFile], sourceLocation: SourceLocation = #_sourceLocation) {
        let written = PipelineFixtures.files(in: target)
        #expect(written.count == files.count, sourceLocation: sourceLocation)
        for f in files { #expect(written[f.path] == Data(f.contents.utf8), "\(f.path)", sourceLocation: sourceLocation) }
        #expect(leftovers(beside: target) == [], sourceLocation: sourceLocation)
    }

    /// `file` with its first `before` replaced by `after` (which must be there).
    static func changed(_ file: RenderedFile, _ before: String, _ after: String) throws -> RenderedFile {
        let text = file.contents
        let range = try #require(text.range(of: before), "\(file.path) has no \(before)")
        return RenderedFile(path: file.path, contents: text.replacingCharacters(in: range, with: after))
    }

    @Test func aValidReportIsStagedPageByPageAndPutInPlaceByteForByte() throws {
        let (work, files) = try Self.validFiles()
        defer { try? FileManager.default.removeItem(at: work) }
        let target = work.appendingPathComponent("new/deeper/r")
        let stream = PageStream(target: target.path)
        // Out of order, as threads finish.
        for k in files.indices.reversed() { stream.accept(k, files[k]) }
        #expect(stream.finish().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: target.path), "nothing at the target before the commit")
        try stream.staging.commit()
        Self.expectReport(at: target, is: files)
    }

    /// A file that is no page is written when it arrives and not kept, however large: the
    /// staging folder holds a `report.json` of more than `deferredBytes` before any page is in
    /// or checked, and the report is that file byte for byte.
    @Test func aLargeDataFileIsWrittenWhenItArrives() throws {
        let (work, valid) = try Self.validFiles()
        defer { try? FileManager.default.removeItem(at: work) }
        let large = "[" + String(repeating: "1,", count: PageStream.deferredBytes / 2) + "1]\n"
        let files = valid.dropLast() + [RenderedFile(path: "report.json", contents: large)]
        let target = work.appendingPathComponent("data")
        let stream = PageStream(target: target.path)
        stream.accept(files.count - 1, files[files.count - 1])
        let staging = work.appendingPathComponent(try #require(Self.leftovers(beside: target).first))
        let staged = try Data(contentsOf: staging.appendingPathComponent("report.json"))
        #expect(staged.count > PageStream.deferredBytes && staged == Data(large.utf8))
        for k in files.indices.dropLast() { stream.accept(k, files[k]) }
        #expect(stream.finish().isEmpty)
        try stream.staging.commit()
        Self.expectReport(at: target, is: Array(files))
    }

    /// The report's first-level folders are staged under names of their own in a folder marked
    /// for ext4 to spread them (`SubfolderSpread`), and get their names back, the mark taken
    /// off, at the commit.
    @Test func foldersAreStagedUnderNamesOfTheirOwnAndNamedAtTheCommit() throws {
        let (work, files) = try Self.validFiles()
        defer { try? FileManager.default.removeItem(at: work) }
        let inTraces = files.filter { $0.path.hasPrefix("traces/") }.count
        #expect(inTraces > 0 && files.allSatisfy { !$0.path.contains("/") || $0.path.hasPrefix("traces/") })
        let target = work.appendingPathComponent("again")
        let stream = PageStream(target: target.path)
        for k in files.indices { stream.accept(k, files[k]) }
        #expect(stream.finish().isEmpty)
        let staging = work.appendingPathComponent(try #require(Self.leftovers(beside: target).first))
        let folders = try FileManager.default.contentsOfDirectory(atPath: staging.path)
            .filter { !$0.hasSuffix(".html") && !$0.hasSuffix(".json") }
        #expect(folders.count == 1)
        let folder = try #require(folders.first)
        #expect(folder.hasPrefix("traces.") && UInt64(folder.dropFirst("traces.".count)) != nil, "\(folder)")
        #expect(PipelineFixtures.files(in: staging.appendingPathComponent(folder)).count == inTraces)
        let fd = open(staging.path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        let marked = SubfolderSpread.isMarked(fd)
        // Where flags can be set at all (ext4; not tmpfs), the staging folder has the mark.
        if let marked, SubfolderSpread.mark(fd, true) { #expect(marked) }
        try stream.staging.commit()
        Self.expectReport(at: target, is: files)
        // The same folder, now the report: the mark is off again.
        if marked != nil { #expect(SubfolderSpread.isMarked(fd) == false) }
    }

    /// The flush begun beside the checks (`beginFlush`) is the commit's only one when every file
    /// was in before it began; a file written after it began is flushed again at the commit; the
    /// report is the same byte for byte each way.
    @Test(arguments: [(early: false, late: 0, flushes: 1), (early: true, late: 0, flushes: 1), (early: true, late: 2, flushes: 2)])
    func theFlushBegunBesideTheChecksIsRepeatedOnlyForFilesWrittenAfterIt(
        _ run: (early: Bool, late: Int, flushes: Int)
    ) throws {
        let (work, files) = try Self.validFiles()
        defer { try? FileManager.default.removeItem(at: work) }
        let target = work.appendingPathComponent("flushed")
        let stream = PageStream(target: target.path)
        let before = files.count - run.late
        for k in 0..<before { stream.accept(k, files[k]) }
        if run.early { stream.staging.beginFlush() }
        for k in before..<files.count { stream.accept(k, files[k]) }
        #expect(stream.finish().isEmpty)
        try stream.staging.commit()
        #expect(stream.staging.fileSystemFlushes == run.flushes)
        Self.expectReport(at: target, is: files)
    }

    @Test func aLaterPageFailingValidationAfterOthersWereStagedWritesNothing() throws {
        let (work, files) = try Self.validFiles()
        defer { try? FileManager.default.removeItem(at: work) }
        let earlier = work.appendingPathComponent("r")
        let before = PipelineFixtures.files(in: earlier)
        var pages = files
        let last = pages.count - 2  // the last page, before report.json
        pages[last] = try Self.changed(pages[last], "<footer", "<p>unclosed<footer")
        let stream = PageStream(target: earlier.path)
        for k in 0..<last { stream.accept(k, pages[k]) }
        // The earlier pages are in the staging folder now, beside the earlier report.
        let staged = Self.leftovers(beside: earlier)
        #expect(staged.count == 1)
        let stagedFiles = PipelineFixtures.files(in: work.appendingPathComponent(try #require(staged.first)))
        #expect(stagedFiles.count == last)
        stream.accept(last, pages[last])
        stream.accept(last + 1, pages[last + 1])
        // The flush begins before the checks, as in a render: it is abandoned with the rest.
        stream.staging.beginFlush()
        let issues = stream.finish()
        #expect(!issues.isEmpty)
        #expect(issues.allSatisfy { $0.file == pages[last].path && $0.rule == "xml-parse" }, "\(issues)")
        stream.staging.abandon()
        #expect(PipelineFixtures.files(in: earlier) == before)
        #expect(Self.leftovers(beside: earlier) == [])
    }

    @Test func aLinkBrokenBetweenPagesFoundOnlyAtTheEndWritesNothingAndRemovesTheFoldersItMade() throws {
        let (work, files) = try Self.validFiles()
        defer { try? FileManager.default.removeItem(at: work) }
        var pages = files
        // Each page passes on its own; the link is checked only once every page is in.
        pages[0] = try Self.changed(pages[0], #"href="traces.html""#, #"href="nowhere.html""#)
        let target = work.appendingPathComponent("made/for/r")
        let stream = PageStream(target: target.path)
        for k in pages.indices { stream.accept(k, pages[k]) }
        #expect(Self.leftovers(beside: target).count == 1)
        let issues = stream.finish()
        #expect(issues.map(\.rule) == ["broken-link"], "\(issues)")
        #expect(issues.first?.file == "index.html")
        #expect(issues.first?.message.contains("nowhere.html") == true)
        stream.staging.abandon()
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("made").path))
    }

    /// A valid report's files with the traces page made large enough to be checked in `finish`
    /// (a comment of `deferredBytes`) and `extra` put before its footer, in the work folder;
    /// the earlier report `r` there, the traces page's position, and the stream for `r`.
    static func withLargeTracesPage(_ extra: String) throws -> (
        work: URL, earlier: URL, before: [String: Data], pages: [RenderedFile], traces: Int, stream: PageStream
    ) {
        let (work, files) = try validFiles()
        let earlier = work.appendingPathComponent("r")
        var pages = files
        let traces = try #require(pages.firstIndex { $0.path == "traces.html" })
        let padding = "<!--" + String(repeating: "x", count: PageStream.deferredBytes) + "-->"
        pages[traces] = try changed(pages[traces], "<footer", padding + extra + "<footer")
        return (work, earlier, PipelineFixtures.files(in: earlier), pages, traces, PageStream(target: earlier.path))
    }

    @Test func aLargePageIsCheckedFromItsStagedFileAndItsFailureWritesNothing() throws {
        // An unclosed element after the padding breaks the large page.
        let (work, earlier, before, pages, traces, stream) = try Self.withLargeTracesPage("<p>unclosed")
        defer { try? FileManager.default.removeItem(at: work) }
        for k in pages.indices { stream.accept(k, pages[k]) }
        let staging = work.appendingPathComponent(try #require(Self.leftovers(beside: earlier).first))
        // Staged when it arrives (its text let go), checked only in `finish`, from the file.
        #expect(PipelineFixtures.files(in: staging)["traces.html"] == Data(pages[traces].contents.utf8))
        #expect(PipelineFixtures.files(in: staging).count == pages.count)
        let issues = stream.finish()
        #expect(!issues.isEmpty && issues.allSatisfy { $0.file == "traces.html" }, "\(issues)")
        stream.staging.abandon()
        #expect(PipelineFixtures.files(in: earlier) == before)
        #expect(Self.leftovers(beside: earlier) == [])
    }

    /// The pages read back from staging — the large one through a mapping of its file
    /// (`SiteStaging.mappedBytes`), the small ones read into memory — give the very issues, at
    /// the same lines and columns, that the validator finds in the pages' own text.
    @Test func pagesReadBackGiveTheIssuesOfTheirText() throws {
        // Problems after the padding (a megabyte and more into the page) and in a small page.
        let (work, _, _, large, traces, stream) = try Self.withLargeTracesPage(
            "<p onclick=\"x()\">handler</p><a href=\"nowhere.html\">gone</a>")
        defer { try? FileManager.default.removeItem(at: work) }
        #expect(large[traces].contents.utf8.count >= SiteStaging.mappedBytes)
        var pages = large
        let index = try #require(pages.firstIndex { $0.path == "index.html" })
        pages[index] = try Self.changed(pages[index], "<footer", "<a href=\"missing.html\">x</a><footer")
        for k in pages.indices { stream.accept(k, pages[k]) }
        let issues = stream.finish()
        stream.staging.abandon()
        let expected = HTMLValidator().validate(
            pages.filter { $0.path.hasSuffix(".html") }.map { HTMLDocument(path: $0.path, parts: $0.parts) })
        #expect(Set(issues.map(\.file)) == ["index.html", "traces.html"], "\(issues)")
        #expect(issues == expected)
    }

    /// `finish` runs `beforeLargePages` once, before the large page is read back for its check
    /// (the caller frees the snapshot there, so the page's parse does not stack on it): a large
    /// page broken in the staging folder from inside it is reported broken.
    @Test func theLargePagesAreCheckedAfterBeforeLargePagesRan() throws {
        let (work, earlier, _, pages, traces, stream) = try Self.withLargeTracesPage("")
        defer { try? FileManager.default.removeItem(at: work) }
        for k in pages.indices { stream.accept(k, pages[k]) }
        let staged = work.appendingPathComponent(try #require(Self.leftovers(beside: earlier).first))
            .appendingPathComponent("traces.html")
        let broken = pages[traces].contents.replacingOccurrences(of: "<footer", with: "<p>unclosed<footer")
        var runs = 0
        let issues = stream.finish(beforeLargePages: {
            runs += 1
            try? Data(broken.utf8).write(to: staged)
        })
        #expect(runs == 1)
        #expect(!issues.isEmpty && issues.allSatisfy { $0.file == "traces.html" }, "\(issues)")
        stream.staging.abandon()
    }

    /// Every page is checked, however many fail and in whatever order they arrive: the issues
    /// are those of every page, and nothing is put in place.
    @Test func everyFailingPageIsReported() throws {
        let (work, earlier, before, large, _, stream) = try Self.withLargeTracesPage("<p>unclosed")
        defer { try? FileManager.default.removeItem(at: work) }
        var pages = large
        let index = try #require(pages.firstIndex { $0.path == "index.html" })
        pages[index] = try Self.changed(pages[index], "<footer", "<p>unclosed<footer")
        for k in pages.indices.reversed() { stream.accept(k, pages[k]) }
        let issues = stream.finish()
        #expect(Set(issues.map(\.file)) == ["index.html", "traces.html"], "\(issues)")
        stream.staging.abandon()
        #expect(PipelineFixtures.files(in: earlier) == before)
        #expect(Self.leftovers(beside: earlier) == [])
    }

    /// Every page is checked from its staged file in `finish`, the large traces page and the
    /// small ones alike: one that cannot be read back fails the commit, and nothing is put in place.
    @Test(arguments: ["traces.html", "index.html"])
    func aStagedPageThatCannotBeReadBackFailsTheCommit(_ name: String) throws {
        let (work, earlier, before, pages, _, stream) = try Self.withLargeTracesPage("")
        defer { try? FileManager.default.removeItem(at: work) }
        for k in pages.indices { stream.accept(k, pages[k]) }
        let staging = work.appendingPathComponent(try #require(Self.leftovers(beside: earlier).first))
        try FileManager.default.removeItem(at: staging.appendingPathComponent(name))
        // The reason is the read, not links to the page reported broken (every page links to
        // the overview).
        #expect(stream.finish().isEmpty)
        let error = try #require(throws: OutputWriter.Failure.self) { try stream.staging.commit() }
        #expect(error.description.contains("cannot read back \(name)"), "\(error)")
        #expect(PipelineFixtures.files(in: earlier) == before)
        #expect(Self.leftovers(beside: earlier) == [])
    }

    @Test func aTargetThatCannotBeWrittenFailsAtTheCommitNotBefore() throws {
        let (work, files) = try Self.validFiles()
        defer { try? FileManager.default.removeItem(at: work) }
        try Data("x".utf8).write(to: work.appendingPathComponent("file"))
        let target = work.appendingPathComponent("file/r")
        let stream = PageStream(target: target.path)
        for k in files.indices { stream.accept(k, files[k]) }
        // Validation comes first (a validation failure is reported ahead of a write failure).
        #expect(stream.finish().isEmpty)
        let error = try #require(throws: OutputWriter.Failure.self) { try stream.staging.commit() }
        #expect(error.description.hasPrefix("could not write '\(target.path)'"), "\(error)")
    }

    @Test func aFolderThatIsNotAReportIsRefusedAtTheCommitAndNothingIsLeftBeside() throws {
        let (work, files) = try Self.validFiles()
        defer { try? FileManager.default.removeItem(at: work) }
        let precious = work.appendingPathComponent("precious")
        try FileManager.default.createDirectory(at: precious, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: precious.appendingPathComponent("notes.txt"))
        let stream = PageStream(target: precious.path)
        for k in files.indices { stream.accept(k, files[k]) }
        #expect(stream.finish().isEmpty)
        let error = try #require(throws: OutputWriter.Failure.self) { try stream.staging.commit() }
        #expect(error.description.hasPrefix("refusing to replace"), "\(error)")
        #expect(PipelineFixtures.files(in: precious) == ["notes.txt": Data("keep me".utf8)])
        #expect(Self.leftovers(beside: precious) == [])
    }
}
