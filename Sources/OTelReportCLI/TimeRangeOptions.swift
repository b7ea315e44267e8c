import ArgumentParser

/// `--from` and `--to`, shared by `render`, `inspect` and `fetch`: the pipeline checks them and
/// resolves relative times against the end of the telemetry (or, with a backend and no files,
/// against now).
struct TimeRangeOptions: ParsableArguments {
    @Option(
        parsing: .unconditional,
        help:
            "The start of the time range: RFC 3339 (2026-01-15T10:00:00Z) or relative to the end of the telemetry (-15m, -2h). render keeps only telemetry from here on; with a backend it is where reading starts (default: the files' range, else the last hour)."
    )
    var from: String?

    @Option(
        parsing: .unconditional,
        help:
            "The end of the time range: RFC 3339 or relative to the end of the telemetry (-5m). render keeps only telemetry up to here; with a backend it is where reading ends (default: the files' end, else now)."
    )
    var to: String?
}
