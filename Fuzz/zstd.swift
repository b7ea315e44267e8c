@testable import TelemetryIngest

/// libFuzzer entry point for the zstd target (built and run by Scripts/fuzz.sh): any bytes must
/// give a result or a diagnostic, never a crash, a hang or a leak.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    if let plain = try? Zstd.decompressFile(bytes) { _ = plain.withUnsafeBufferPointer { SnapshotLoader.decode($0, file: "fuzz") } }
    return 0
}
