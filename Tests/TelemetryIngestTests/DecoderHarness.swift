@testable import TelemetryIngest

/// A decoder placed at the first element of `[text,1]`, for the tests that hold a reader's fast
/// path to its general one (`TimeFastPathTests`, `IDFastPathTests`).
enum DecoderHarness {
    /// What `body` returns (a value and where the reader stopped, as it writes them), or, when
    /// it throws, `error <offset> <message>`.
    static func outcome(of text: String, _ body: (inout OTLPJSONDecoder) throws -> String) -> String {
        let json = "[" + text + ",1]"
        return [UInt8](json.utf8).withUnsafeBufferPointer { buffer in
            var decoder = OTLPJSONDecoder(reader: JSONReader(bytes: buffer))
            do {
                try decoder.reader.beginArray()
                _ = try decoder.reader.nextElement()
                return try body(&decoder)
            } catch let error as JSONError {
                return "error \(error.offset) \(error.message)"
            } catch {
                return "other error \(error)"
            }
        }
    }
}
