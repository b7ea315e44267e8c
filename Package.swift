// swift-tools-version:6.0
import PackageDescription

/// Release builds are optimised with an execution profile of this project's own training runs
/// (LLVM's IR-level profile-guided optimisation: which branches are taken, which calls are hot,
/// so hot paths are laid out and inlined for the common case). `Scripts/pgo-profile.sh`
/// regenerates `Profiles/otel-report.profdata`; a function changed since its run simply has no
/// counts. Measured side by side with the same code built without it, on the 500k-span collector
/// file: 0.973x the wall time, 0.960x the CPU time (40 pairs); the benchmark's other shapes
/// 0.94-0.98x (12 pairs each); no report byte changes (`Scripts/release-check.sh`).
/// `OTEL_REPORT_PROFILE=off` builds without it (the instrumented build does); without the file a
/// release build fails (the compiler cannot read it). Debug builds and tests never use it. The
/// switch is the environment, not whether the file exists: SwiftPM caches the manifest's
/// evaluation, and a cached one from before the file existed would drop the flag.
let profile = Context.packageDirectory + "/Profiles/otel-report.profdata"
let optimised: [SwiftSetting] =
    Context.environment["OTEL_REPORT_PROFILE"] == "off"
    ? [] : [.unsafeFlags(["-Xfrontend", "-ir-profile-use=" + profile], .when(configuration: .release))]

/// otel-report: telemetry snapshots in, validated static HTML reports out.
/// Module dependencies run one way (see Documentation/Pipeline.md):
/// Vocabulary (the leaf: UTC calendar, number formatting, duration text, Diagnostic, Parallel, ByteSearch,
/// FreeMemory, the raw buffers' growth) ← Model, Markup, Charts,
/// Validation and everything above; Model ← Ingest / Analysis / Simulator; Model ← DashboardConfig (YAML →
/// DashboardSpec) ← Analysis (evaluates every dashboard, built-in or from a file, with one evaluator);
/// Markup ← Charts ← Rendering; Digest ← Analysis, Rendering, Validation; Ingest, Analysis, Rendering, Validation,
/// DashboardConfig, BackendClients ← ReportPipeline (a render, inspect or fetch as one library call) ← CLI (flag
/// parsing and printing only).
let package = Package(
    name: "otel-report",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "otel-report", targets: ["otel-report"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
    ],
    targets: [
        // Shared vocabulary (depending only on the malloc and loader shims): the one calendar, formatter,
        // duration reader, Diagnostic, parallel map and byte search that every other module speaks.
        .target(
            name: "Vocabulary", dependencies: ["CMalloc", "CLoader", "CPrefetch", "CScheduler", "CByteScan"], swiftSettings: optimised),
        .target(name: "TelemetryModel", dependencies: ["Vocabulary", "CPrefetch"], swiftSettings: optimised),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // zstd (the collector file exporter's `compression: zstd`), as a system library like zlib.
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        // glibc's mallopt, which Swift's Glibc module does not export (the CLI caps the mmap threshold).
        .systemLibrary(name: "CMalloc"),
        // The dynamic loader's list of loaded objects (`dl_iterate_phdr`), for `CodePages`.
        .systemLibrary(name: "CLoader"),
        // The scheduler's affinity calls (`sched_setaffinity`, whose cpu_set_t macros Swift cannot
        // see), for `HelperThreads`.
        .systemLibrary(name: "CScheduler"),
        // A prefetch hint (`__builtin_prefetch`) for loops that visit spans in an order of their own.
        .systemLibrary(name: "CPrefetch"),
        .target(
            name: "TelemetryIngest", dependencies: ["Vocabulary", "TelemetryModel", "CZlib", "CZstd", "CByteScan"],
            swiftSettings: optimised),
        // The dashboards' evaluator (metric selection, PromQL functions, span panels, Prometheus
        // backend) is part of the analysis; it evaluates the `DashboardSpec` DashboardConfig reads.
        .target(
            name: "TelemetryAnalysis", dependencies: ["Vocabulary", "TelemetryModel", "Digest", "DashboardConfig", "CPrefetch"],
            swiftSettings: optimised),
        .target(name: "Markup", dependencies: ["Vocabulary"], swiftSettings: optimised),
        // SHA-256 and Base64 for the pages' Content-Security-Policy hashes and redaction.
        .target(name: "Digest", dependencies: ["Vocabulary"], swiftSettings: optimised),
        .target(name: "Charts", dependencies: ["Vocabulary", "Markup"], swiftSettings: optimised),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // libxml2's allocator while a page is checked: one document's blocks from a bump pointer.
        .target(name: "CParseArena"),
        // Scans of page bytes sixteen at a time (SSE2), for the validator's data blocks.
        .target(name: "CByteScan"),
        .target(name: "CStartup"),  // the executable's start-up; the CLI tests link it for its input counting
        .target(
            name: "HTMLValidation", dependencies: ["Vocabulary", "CLibXML2", "CParseArena", "CByteScan", "Digest"],
            swiftSettings: optimised),
        .target(
            name: "ReportRendering",
            dependencies: [
                "Vocabulary", "TelemetryModel", "TelemetryAnalysis", "DashboardConfig", "Charts", "Markup", "Digest",
                "CPrefetch", .product(name: "Mustache", package: "swift-mustache"),
            ],
            // templates/ and static/ of the package root (symlinked into the target), compiled
            // into the binary as bytes so an installed binary needs no files beside it.
            resources: [.embedInCode("templates"), .embedInCode("static")],
            swiftSettings: optimised
        ),
        .target(name: "ScenarioSimulator", dependencies: ["Vocabulary", "TelemetryModel"], swiftSettings: optimised),
        // Dashboard files (YAML, with Yams) read into `DashboardSpec` values, and the built-in
        // `dashboards/default.yaml`: below the analysis, which evaluates them.
        .target(
            name: "DashboardConfig",
            dependencies: ["Vocabulary", "TelemetryModel", .product(name: "Yams", package: "Yams")],
            // dashboards/default.yaml of the package root (symlinked), compiled into the binary.
            resources: [.embedInCode("dashboards")],
            swiftSettings: optimised
        ),
        // libcurl, opened with dlopen at the first backend request (curl.h from libcurl4-openssl-dev
        // at build time only), so a render that talks to no backend never maps it.
        .target(name: "CCurl"),
        // Prometheus and OpenSearch over HTTP (libcurl through CCurl), and fetch archives.
        .target(
            name: "BackendClients",
            dependencies: ["Vocabulary", "TelemetryModel", "TelemetryIngest", "TelemetryAnalysis", "CCurl"],
            swiftSettings: optimised
        ),
        // The render, inspect and fetch pipelines as library calls (requests in, results or
        // located failures out), with the input loading and the atomic output writing; no
        // ArgumentParser, so tests drive a whole render in-process.
        .target(
            name: "ReportPipeline",
            dependencies: [
                "Vocabulary", "TelemetryModel", "TelemetryIngest", "TelemetryAnalysis", "ReportRendering",
                "HTMLValidation", "DashboardConfig", "BackendClients",
            ],
            swiftSettings: optimised
        ),
        // Flag parsing and printing over ReportPipeline.
        .target(
            name: "OTelReportCLI",
            dependencies: [
                "Vocabulary", "TelemetryModel", "ReportPipeline", "ScenarioSimulator", "DashboardConfig", "BackendClients",
                "HTMLValidation", "CMalloc", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: optimised
        ),
        // A release build links the Swift runtime and Foundation statically: with a dozen shared
        // Swift libraries the dynamic loader's relocations and the libraries' scattered pages kept
        // 2-4 MiB more resident (500k render peak 98.6-100.8 -> 96.7-98.8 MiB; --version 21.8 -> 17.2 MiB).
        // Only this target needs the flag (its compile picks the static modules' link list).
        // Debug builds and tests stay dynamic, which links faster. CStartup runs before main: a run
        // of a large input starts again with glibc's malloc advising huge pages (MemoryTuning).
        .executableTarget(
            name: "otel-report", dependencies: ["OTelReportCLI", "CStartup"],
            swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))] + optimised,
            linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))]),

        .testTarget(name: "VocabularyTests", dependencies: ["Vocabulary", "TestSupport"]),
        .testTarget(name: "TelemetryModelTests", dependencies: ["TelemetryModel", "Vocabulary"]),
        .testTarget(
            name: "TelemetryIngestTests", dependencies: ["TelemetryIngest", "TelemetryModel", "Vocabulary", "TestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "TelemetryAnalysisTests",
            dependencies: ["TelemetryAnalysis", "TelemetryModel", "TelemetryIngest", "Digest", "DashboardConfig", "Vocabulary"]),
        .testTarget(name: "MarkupTests", dependencies: ["Markup", "Vocabulary"]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts", "Markup", "Vocabulary"]),
        .testTarget(
            name: "HTMLValidationTests",
            dependencies: ["HTMLValidation", "CParseArena", "CByteScan", "Digest", "Vocabulary", "TestSupport"]),
        .testTarget(name: "DigestTests", dependencies: ["Digest", "Vocabulary"]),
        .testTarget(
            name: "ReportRenderingTests",
            dependencies: ["ReportRendering", "TelemetryModel", "TelemetryAnalysis", "HTMLValidation", "Digest", "Vocabulary"],
            exclude: ["Snapshots"]),
        .testTarget(name: "ScenarioSimulatorTests", dependencies: ["ScenarioSimulator", "TelemetryModel", "Vocabulary"]),
        .testTarget(
            name: "OTelReportCLITests",
            dependencies: ["OTelReportCLI", "ReportPipeline", "TelemetryIngest", "TelemetryModel", "TestSupport", "CStartup"],
            exclude: ["Snapshots"]),
        .testTarget(
            name: "ReportPipelineTests",
            dependencies: [
                "ReportPipeline", "ReportRendering", "HTMLValidation", "TelemetryModel", "Digest", "Vocabulary", "TestSupport",
            ]),
        // Helpers the test targets share (test targets cannot import each other); not in the product.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "BackendClientsTests",
            dependencies: ["BackendClients", "DashboardConfig", "TelemetryAnalysis", "TelemetryModel", "TelemetryIngest"]),
        .testTarget(
            name: "DashboardConfigTests", dependencies: ["DashboardConfig", "TelemetryAnalysis", "TelemetryModel", "TelemetryIngest"]),
    ]
)
