import TelemetryModel

/// How a report is rendered.
public struct ReportOptions: Sendable {
    public enum Layout: Sendable {
        /// A folder: `index.html`, dashboards, `traces.html`, `traces/<id>.html`, `report.json`.
        case site
        /// One self-contained HTML file holding the same pages as sections.
        case singleFile
    }

    public var title: String
    /// The timestamp printed in the report (unix ns); fixed by `--generated-at` for reproducible output.
    public var generatedAtNanos: Int64
    public var layout: Layout
    /// How many of the slowest traces get a waterfall page.
    public var waterfallCount: Int
    /// Trace ids that get a waterfall page whatever their duration (`--trace`).
    public var extraTraces: [TraceID]
    /// At most this many traces are listed in the trace table (the slowest).
    public var traceTableLimit: Int
    public var toolVersion: String
    /// How the snapshot was narrowed before analysis (`--where`), stated on the overview.
    public var filterNote: String?
    /// Replacements for the compiled-in resources, by path (`templates/page.mustache`,
    /// `static/report.css`, …), from `render --templates DIR`.
    public var resourceOverrides: [String: String] = [:]

    /// A resource: the override when there is one, else the compiled-in copy.
    func resource(_ path: String) -> String? { resourceOverrides[path] ?? EmbeddedResources.files[path] }

    /// The paths of the resources an override may replace.
    public static var resourcePaths: [String] { EmbeddedResources.files.keys.sorted() }

    public init(
        title: String = "Telemetry report", generatedAtNanos: Int64, layout: Layout = .site, waterfallCount: Int = 50,
        extraTraces: [TraceID] = [], traceTableLimit: Int = 1000, toolVersion: String = "0.1.0", filterNote: String? = nil
    ) {
        self.title = title
        self.generatedAtNanos = generatedAtNanos
        self.layout = layout
        self.waterfallCount = waterfallCount
        self.extraTraces = extraTraces
        self.traceTableLimit = traceTableLimit
        self.toolVersion = toolVersion
        self.filterNote = filterNote
    }
}

/// One output file: a path relative to the report root and its text.
public struct RenderedFile: Sendable, Equatable {
    public var path: String
    /// The file's text as consecutive parts: a page keeps its embedded data as a part of its own
    /// (`PageShell.page`), and the validator and the output writer read the parts in turn, so
    /// the data is never copied into one string (issue 7, peak memory).
    public var parts: [String]

    /// The whole text (joined; for tests and small files).
    public var contents: String { parts.count == 1 ? parts[0] : parts.joined() }

    public init(path: String, contents: String) {
        self.path = path
        self.parts = [contents]
    }

    public init(path: String, parts: [String]) {
        self.path = path
        self.parts = parts
    }

    public static func == (a: RenderedFile, b: RenderedFile) -> Bool { a.path == b.path && a.contents == b.contents }
}
