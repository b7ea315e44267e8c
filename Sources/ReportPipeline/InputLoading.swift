import BackendClients
import Foundation
import TelemetryAnalysis
import TelemetryIngest
import TelemetryModel
import Vocabulary

/// Reads what a command was given — files and folders, a `fetch` archive, the backends — into
/// one snapshot, the way `render`, `inspect` and `fetch` all need it.
struct InputLoading {
    var snapshot: Snapshot
    var diagnostics: [Diagnostic]
    /// Files that were read (with or without data), for `inspect`'s exit status.
    var usableFileCount = 0
    /// Present when a backend or an archive is used.
    var sources: BackendSources?

    /// Loads everything; a backend or archive that fails stops the run with its message. Each
    /// input problem goes to `observer` as soon as it is known.
    static func load(
        _ inputs: [String], backend: BackendSettings, from: String?, to: String?, record: Bool,
        observer: PipelineObserver, progressBytes: Bool = false
    ) throws(PipelineFailure) -> InputLoading {
        let (archivePaths, files) = BackendSources.partition(inputs)
        if archivePaths.count > 1 {
            throw .input("give one fetch archive at a time (found \(archivePaths.joined(separator: ", ")))")
        }
        if let (folder, nested) = nestedArchive(files) {
            throw .input(
                "\(folder) holds a fetch archive at \(nested): give the archive folder itself (its files are answers to requests, not telemetry to read as files)"
            )
        }
        var archive: (path: String, content: FetchArchive)?
        if let path = archivePaths.first {
            if backend.isUsed {
                throw .input("\(path) is a fetch archive: render it without --prometheus or --opensearch (it replays what was fetched)")
            }
            do { archive = (path, try FetchArchive.read(path)) } catch { throw .input("\(error)") }
        }
        var loaded = LoadResult(snapshot: Snapshot(), diagnostics: [], usableFileCount: 0)
        if !files.isEmpty {
            if progressBytes { ProgressReporter.shared.begin("reading", total: SnapshotLoader.inputBytes(paths: files), unit: "MB") }
            loaded = SnapshotLoader.load(paths: files)
        }
        for d in loaded.diagnostics { observer.diagnostic(d) }
        var result = InputLoading(
            snapshot: loaded.snapshot, diagnostics: loaded.diagnostics, usableFileCount: loaded.usableFileCount, sources: nil)
        guard backend.isUsed || archive != nil else { return result }
        let range = BackendSources.resolveRange(
            from: from.flatMap(TimeBound.init), to: to.flatMap(TimeBound.init),
            files: files.isEmpty ? nil : SnapshotAnalysis.timeRange(loaded.snapshot),
            archive: archive?.content, now: RenderPipeline.now())
        var sources: BackendSources
        do {
            sources = try BackendSources.open(backend, archive: archive, range: range, record: record)
        } catch {
            var failure = PipelineFailure.input("\(error)")
            failure.diagnostics = result.diagnostics
            throw failure
        }
        result.snapshot = sources.join(
            loaded.snapshot, maxSpans: archive?.content.maxSpans ?? backend.maxSpans,
            maxLogs: archive?.content.maxLogs ?? backend.maxLogs)
        for d in sources.diagnostics { observer.diagnostic(d) }
        result.diagnostics += sources.diagnostics
        result.sources = sources
        return result
    }

    /// A fetch archive inside a folder input (hidden entries skipped, as the reader skips them).
    static func nestedArchive(_ inputs: [String]) -> (String, String)? {
        let fm = FileManager.default
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: input, isDirectory: &isDirectory), isDirectory.boolValue,
                let walker = fm.enumerator(atPath: input)
            else { continue }
            while let relative = walker.nextObject() as? String {
                let parts = relative.split(separator: "/")
                if parts.contains(where: { $0.hasPrefix(".") }) { continue }
                if parts.last == Substring(FetchArchive.manifestName) {
                    return (input, (input.hasSuffix("/") ? input : input + "/") + parts.dropLast().joined(separator: "/"))
                }
            }
        }
        return nil
    }
}
