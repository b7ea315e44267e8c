import TelemetryModel
import Vocabulary

/// Pulls a Prometheus HTTP API response from a `JSONReader` into a `SnapshotBuilder`.
///
/// Members are taken in any order (`resultType` may follow `result`, `metric` may follow
/// `values`), so points are held until their object closes. Sample pairs are
/// `[<unix seconds>, "<value>"]`: the time is converted to nanoseconds from its decimal text
/// (`PrometheusNumber`), the value is a string so that `"NaN"`, `"+Inf"` and `"-Inf"` survive
/// JSON (API docs, "Expression query result formats").
struct PrometheusAPIJSONDecoder {
    var reader: JSONReader
    var builder = SnapshotBuilder()
    var pointCount = 0
    /// Warnings and notes, each at the offset of the value it is about.
    var messages: [(error: JSONError, severity: Diagnostic.Severity)] = []
    /// `status: "error"`: the API's own message, at the offset of `status`.
    var apiError: JSONError?

    private var resultType: String?
    /// A scalar or string result `[t, "v"]`, decided once `resultType` is known.
    private var pair: (time: Int64, value: String, offset: Int)?

    init(reader: JSONReader) {
        self.reader = reader
    }

    mutating func decode() throws(JSONError) {
        let top = reader.valueOffset()
        guard try reader.peek() == .object else { throw reader.error("expected a Prometheus API response object", at: top) }
        try reader.beginObject()
        var status: (value: String, offset: Int)?
        var errorType = ""
        var errorText = ""
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            switch key {
            case "status":
                let offset = reader.valueOffset()
                status = (try reader.readString(), offset)
            case "data":
                try decodeData()
            case "warnings", "infos":
                try reader.beginArray()
                while try reader.nextElement() {
                    let offset = reader.valueOffset()
                    let text = try reader.readString()
                    let isWarning = key == "warnings"
                    messages.append(
                        (
                            reader.error("Prometheus API \(isWarning ? "warning" : "info"): \(text)", at: offset),
                            isWarning ? .warning : .note
                        ))
                }
            case "errorType": errorType = try reader.readString()
            case "error": errorText = try reader.readString()
            default: try reader.skipValue()
            }
        }
        guard reader.isAtEnd() else { throw reader.error("unexpected content after the response object") }
        guard let status else { throw reader.error("a Prometheus API response needs a \"status\"", at: top) }
        switch status.value {
        case "error":
            let kind = errorType.isEmpty ? "" : " (\(errorType))"
            apiError = reader.error(
                "the Prometheus API returned an error\(kind): \(errorText.isEmpty ? "no message" : errorText)", at: status.offset)
        case "success", "warning":
            try finishPair()
        default:
            throw reader.error("unknown status \"\(status.value)\"; expected success, warning or error", at: status.offset)
        }
    }

    // MARK: data

    private mutating func decodeData() throws(JSONError) {
        let offset = reader.valueOffset()
        if try reader.peek() == .array {
            try decodeExemplars(at: offset)
            return
        }
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            switch key {
            case "resultType":
                let typeOffset = reader.valueOffset()
                let type = try reader.readString()
                guard ["matrix", "vector", "scalar", "string"].contains(type) else {
                    throw reader.error("unknown resultType \"\(type)\"; expected matrix, vector, scalar or string", at: typeOffset)
                }
                resultType = type
            case "result":
                try decodeResult()
            default:
                try reader.skipValue()
            }
        }
    }

    /// `data` as an array, which three endpoints answer with; each is recognised by its
    /// elements and noted, as none holds samples: `/api/v1/query_exemplars` (objects with
    /// `seriesLabels` and `exemplars`), `/api/v1/series` (label sets: objects of strings), and
    /// `/api/v1/labels` or `/api/v1/label/NAME/values` (strings).
    private mutating func decodeExemplars(at offset: Int) throws(JSONError) {
        var exemplarSeries = 0
        var exemplars = 0
        var labelSets = 0
        var strings = 0
        try reader.beginArray()
        while try reader.nextElement() {
            guard try reader.peek() == .object else {
                if try reader.peek() == .string { strings += 1 }
                try reader.skipValue()
                continue
            }
            var isExemplarSeries = false
            try reader.beginObject()
            while let key = try reader.nextKey() {
                if key == "exemplars", try reader.peek() == .array {
                    isExemplarSeries = true
                    try reader.beginArray()
                    while try reader.nextElement() {
                        exemplars += 1
                        try reader.skipValue()
                    }
                } else {
                    if key == "seriesLabels" { isExemplarSeries = true }
                    try reader.skipValue()
                }
            }
            if isExemplarSeries { exemplarSeries += 1 } else { labelSets += 1 }
        }
        let text: String
        if exemplarSeries > 0 || (labelSets == 0 && strings == 0) {
            text =
                "exemplars response (query_exemplars): \(exemplars) exemplars in \(exemplarSeries) series; exemplars are not used, so this file gives no samples"
        } else if labelSets > 0 {
            text =
                "series response (/api/v1/series): \(labelSets) label sets and no samples, so this file gives no samples (query_range gives the samples)"
        } else {
            text =
                "label names or values response (/api/v1/labels, /api/v1/label/…/values): \(strings) strings and no samples, so this file gives no samples"
        }
        messages.append((reader.error(text, at: offset), .note))
    }

    private mutating func decodeResult() throws(JSONError) {
        try reader.beginArray()
        var first = true
        while try reader.nextElement() {
            if first, try reader.peek() != .object {
                // A scalar or string result is one bare pair: [t, "v"].
                let time = try readTime()
                guard try reader.nextElement() else { throw reader.error("expected [time, value]: the value is missing") }
                let valueOffset = reader.valueOffset()
                let value = try reader.peek() == .string ? try reader.readString() : try reader.readNumber().text
                guard try !reader.nextElement() else { throw reader.error("expected ']' after [time, value]") }
                pair = (time, value, valueOffset)
                return
            }
            first = false
            try decodeSeries()
        }
    }

    /// One `{"metric": {…}, "values": [[t, "v"], …]}` or `{"metric": {…}, "value": [t, "v"]}`.
    private mutating func decodeSeries() throws(JSONError) {
        try reader.beginObject()
        var labels: [(name: String, value: String)] = []
        var points: [NumberPoint] = []
        while let key = try reader.nextKey() {
            if reader.skipNull() { continue }
            switch key {
            case "metric":
                try reader.beginObject()
                while let name = try reader.nextKey() {
                    labels.append((name, try reader.readString()))
                }
            case "values":
                try reader.beginArray()
                while try reader.nextElement() { points.append(try readSample()) }
            case "value":
                points.append(try readSample())
            case "histogram", "histograms":
                messages.append((reader.error("native histogram samples are not supported; skipped", at: reader.valueOffset()), .warning))
                try reader.skipValue()
            default:
                try reader.skipValue()
            }
        }
        let name = labels.first { $0.name == "__name__" }?.value ?? ""
        let (resource, attributes) = PrometheusSeriesMapping.split(labels)
        let index = builder.intern(resource)
        builder.add(
            MetricSeries(
                name: name, kind: PrometheusSeriesMapping.guessedKind(forName: name),
                resourceIndex: index, attributes: attributes, points: .number(points)))
        pointCount += points.count
    }

    /// `[<unix seconds>, "<value>"]`.
    private mutating func readSample() throws(JSONError) -> NumberPoint {
        try reader.beginArray()
        guard try reader.nextElement() else { throw reader.error("expected [time, value], found an empty array") }
        let time = try readTime()
        guard try reader.nextElement() else { throw reader.error("expected [time, value]: the value is missing") }
        let valueOffset = reader.valueOffset()
        let text = try reader.peek() == .string ? try reader.readString() : try reader.readNumber().text
        guard let value = PrometheusNumber.double(text) else {
            throw reader.error("invalid sample value \"\(text)\"; expected a number, NaN, +Inf or -Inf", at: valueOffset)
        }
        guard try !reader.nextElement() else { throw reader.error("expected ']' after [time, value]") }
        return NumberPoint(timeUnixNano: time, value: value)
    }

    /// Seconds as a JSON number (or numeric string), converted exactly to nanoseconds.
    private mutating func readTime() throws(JSONError) -> Int64 {
        let offset = reader.valueOffset()
        let text = try reader.peek() == .string ? try reader.readString() : try reader.readNumber().text
        guard let ns = PrometheusNumber.nanoseconds(fromSeconds: text), UTCTime.supportedNanos.contains(ns) else {
            throw reader.error("invalid timestamp \(text); expected Unix seconds from 1970 to 2099", at: offset)
        }
        return ns
    }

    /// Emits a scalar result as a nameless gauge; a string result gives a note only.
    private mutating func finishPair() throws(JSONError) {
        guard let pair else { return }
        if resultType == "string" {
            messages.append((reader.error("string result \"\(pair.value)\": no samples", at: pair.offset), .note))
            return
        }
        guard let value = PrometheusNumber.double(pair.value) else {
            throw reader.error("invalid sample value \"\(pair.value)\"; expected a number, NaN, +Inf or -Inf", at: pair.offset)
        }
        builder.add(
            MetricSeries(
                name: "", kind: .gauge, resourceIndex: builder.intern(Resource()),
                points: .number([NumberPoint(timeUnixNano: pair.time, value: value)])))
        pointCount += 1
    }
}
