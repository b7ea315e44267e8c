import Foundation
import TelemetryModel
import Testing
import Vocabulary

@testable import TelemetryIngest

/// Runs `body` with a reader over the UTF-8 of `json`.
func withReader<T>(_ json: String, _ body: (inout JSONReader) throws -> T) rethrows -> T {
    let bytes = Array(json.utf8)
    return try bytes.withUnsafeBufferPointer { buffer in
        var reader = JSONReader(bytes: buffer)
        return try body(&reader)
    }
}

/// Same, over raw bytes (for invalid UTF-8).
func withReader<T>(bytes: [UInt8], _ body: (inout JSONReader) throws -> T) rethrows -> T {
    try bytes.withUnsafeBufferPointer { buffer in
        var reader = JSONReader(bytes: buffer)
        return try body(&reader)
    }
}

/// Decodes inline text as a file called `file`.
func decodeText(_ json: String, file: String = "t.json") -> SnapshotLoader.FileOutcome {
    let bytes = Array(json.utf8)
    return bytes.withUnsafeBufferPointer { SnapshotLoader.decode($0, file: file) }
}

/// The decoded file, or nil (recording the diagnostics as an issue) when it failed.
func decoded(_ json: String, sourceLocation: SourceLocation = #_sourceLocation) -> DecodedFile? {
    switch decodeText(json) {
    case .decoded(let file, _): return file
    case .failed(let problems):
        Issue.record("decoding failed: \(problems.map(\.description))", sourceLocation: sourceLocation)
        return nil
    }
}

/// The diagnostics of a failed decode, or [] (recording an issue) when it succeeded.
func failures(_ json: String, file: String = "t.json", sourceLocation: SourceLocation = #_sourceLocation) -> [Diagnostic] {
    switch decodeText(json, file: file) {
    case .decoded:
        Issue.record("expected the file to fail", sourceLocation: sourceLocation)
        return []
    case .failed(let problems): return problems
    }
}

/// A minimal trace request around one span object's fields.
func traceRequest(span fields: String, resource: String = #"{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]}"#)
    -> String
{
    #"{"resourceSpans":[{"resource":\#(resource),"scopeSpans":[{"scope":{"name":"lib"},"spans":[{\#(fields)}]}]}]}"#
}

/// `../shared/corpus` next to the package root, found from this file's path; nil when absent.
func corpusFolder() -> URL? {
    let url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpus")
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
}
