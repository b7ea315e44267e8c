@testable import ReportPipeline

/// libFuzzer entry point for the time-bound target (built and run by Scripts/fuzz.sh): any bytes must
/// give a result or a diagnostic, never a crash, a hang or a leak.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    _ = TimeBound(String(decoding: bytes, as: UTF8.self))
    return 0
}
