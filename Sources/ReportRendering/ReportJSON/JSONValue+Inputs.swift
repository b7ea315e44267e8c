import TelemetryModel

extension JSONValue {
    /// The inputs read (path, format, spans, metric points), as `report.json` and
    /// `inspect --json` both list them.
    public static func inputList(_ inputs: [InputSummary]) -> JSONValue {
        .array(
            inputs.map { i in
                .object([
                    ("path", .string(i.path)), ("format", .string(i.format)), ("spans", .int(Int64(i.spans))),
                    ("metricPoints", .int(Int64(i.metricPoints))),
                ])
            })
    }
}
