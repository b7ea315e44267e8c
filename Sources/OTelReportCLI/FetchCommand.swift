import ArgumentParser
import BackendClients
import DashboardConfig
import Foundation
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// `otel-report fetch (--prometheus URL | --opensearch URL) … -o DIR`: asks the backends what a
/// render would ask and writes the answers as they came (`FetchArchive`), so that `render DIR`
/// rebuilds the same report later from archived evidence, with no backend.
struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Pull what a report needs from Prometheus and OpenSearch into a folder that render reads.",
        discussion: """
            DIR gets otel-report-fetch.json (what was asked, for which time range), prometheus/NNNN.json
            (each Prometheus API response as received) and opensearch/hits-N.jsonl (the search hits,
            one per line). `otel-report render DIR [INPUT...]` replays them: give it the same INPUTs,
            --service and --dashboards as the fetch. No request header is written.
            """
    )

    @Argument(help: "Telemetry files or folders whose spans decide the panels (as for render).")
    var inputs: [String] = []

    @Option(name: [.short, .customLong("output")], help: "The folder to write (replaced when it is an earlier fetch).")
    var output: String

    @Option(
        parsing: .unconditional,
        help: "The start of the time range: RFC 3339, or relative to its end (-15m). Default: the files' range, else the last hour.")
    var from: String?

    @Option(parsing: .unconditional, help: "The end of the time range: RFC 3339 or relative. Default: the files' end, else now.")
    var to: String?

    @Option(help: "The focus service of the resource dashboard (as render --service).")
    var service: String?

    @Option(help: ArgumentHelp("The dashboards to fetch panels for (as render --dashboards).", valueName: "file"))
    var dashboards: String?

    @OptionGroup(title: "Backends")
    var backend: BackendOptions

    @Flag(help: "Print only errors.")
    var quiet = false

    func validate() throws {
        if !backend.isUsed { throw ValidationError("fetch needs --prometheus URL or --opensearch URL") }
        for (name, value) in [("--from", from), ("--to", to)] {
            if let v = value, TimeBound(v) == nil {
                throw ValidationError("\(name) '\(v)' is neither an RFC 3339 time nor a relative time such as -15m")
            }
        }
        if BackendSources.partition(inputs).archives.count > 0 {
            throw ValidationError("fetch reads backends; give it telemetry files, not a fetch archive")
        }
    }

    func run() throws {
        let printer = DiagnosticPrinter(quiet: quiet)
        var spec: DashboardSpec?
        if let dashboards {
            do { spec = try DashboardSpec.load(path: dashboards) } catch {
                printer.print(error.diagnostic)
                throw ExitCode(1)
            }
        }
        let loaded = try InputLoading.load(inputs, backend: backend, from: from, to: to, record: true, printer: printer)
        guard let sources = loaded.sources else { throw ExitCode(1) }
        if sources.prometheus != nil {
            // The same analysis a render runs, so the archive holds every request it will make.
            var options = SnapshotAnalysis.Options(focusService: service)
            sources.configure(&options, dashboards: spec, service: service, snapshot: loaded.snapshot)
            _ = SnapshotAnalysis(snapshot: loaded.snapshot, options: options)
            if let failure = sources.prometheus?.failure {
                printer.error("\(failure): nothing was written")
                throw ExitCode(1)
            }
        }
        var archive = FetchArchive(fromNanos: sources.range.lowerBound, toNanos: sources.range.upperBound)
        if let recorder = sources.recorder {
            archive.prometheusURL = recorder.baseURL
            archive.exchanges = recorder.exchanges
        }
        if let url = sources.openSearchURL {
            archive.openSearchURL = url
            archive.maxSpans = backend.maxSpans
            archive.maxLogs = backend.maxLogs
            archive.indices = sources.openSearch.enumerated().map { i, r in
                .init(pattern: r.pattern, file: "opensearch/hits-\(i + 1).jsonl", total: r.total, hits: r.hits)
            }
        }
        do {
            try ArchiveWriter.write(try archive.files(), to: output)
        } catch {
            printer.error("could not write '\(output)': \(error)")
            throw ExitCode(1)
        }
        let spans = sources.openSearch.reduce(0) { $0 + $1.hits.count }
        printer.note(
            "wrote \(output): \(archive.exchanges.count) Prometheus responses, \(spans) OpenSearch hits, "
                + UTCTime.rfc3339(nanos: sources.range.lowerBound) + " → " + UTCTime.rfc3339(nanos: sources.range.upperBound))
    }
}

/// Writes an archive folder whole or not at all: into a sibling staging folder, then renamed
/// into place (an earlier archive is moved aside first and removed after).
enum ArchiveWriter {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ files: [(path: String, data: Data)], to target: String) throws {
        let fm = FileManager.default
        let url = URL(fileURLWithPath: target).standardizedFileURL
        var isDirectory: ObjCBool = false
        let exists = fm.fileExists(atPath: url.path, isDirectory: &isDirectory)
        if exists {
            let empty = isDirectory.boolValue && ((try? fm.contentsOfDirectory(atPath: url.path))?.isEmpty ?? false)
            guard empty || FetchArchive.isArchive(url.path) else {
                throw Failure(
                    description: "it exists and is not an earlier fetch archive (no \(FetchArchive.manifestName)); choose another folder")
            }
        }
        let parent = url.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(url.lastPathComponent).otel-report-fetch-\(getpid()).tmp")
        try? fm.removeItem(at: staging)
        do {
            for f in files {
                let path = staging.appendingPathComponent(f.path)
                try fm.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
                try f.data.write(to: path)
            }
            if exists {
                let aside = parent.appendingPathComponent(".\(url.lastPathComponent).otel-report-old-\(getpid()).tmp")
                try fm.moveItem(at: url, to: aside)
                try fm.moveItem(at: staging, to: url)
                try? fm.removeItem(at: aside)
            } else {
                try fm.moveItem(at: staging, to: url)
            }
        } catch {
            try? fm.removeItem(at: staging)
            throw Failure(description: error.localizedDescription)
        }
    }
}
