/// The report's templates, stylesheet and scripts, compiled into the binary.
///
/// SwiftPM embeds the files of `templates/` and `static/` (symlinked into this target, declared
/// `.embedInCode` in Package.swift) as byte arrays in `PackageResources`, named after the file
/// with `-` and `.` turned into `_`; this table gives them back their paths. A file added to
/// either folder needs a line here: `ReportBuilderTests.embeddedResourcesMatchTheFiles` fails
/// until it has one.
enum EmbeddedResources {
    static let files: [String: String] = [
        "static/filter-language.js": text(PackageResources.filter_language_js),
        "static/report.css": text(PackageResources.report_css),
        "static/trace-explorer.js": text(PackageResources.trace_explorer_js),
        "templates/page.mustache": text(PackageResources.page_mustache),
    ]

    private static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
