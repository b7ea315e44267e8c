import TelemetryIngest

/// libFuzzer entry point for the otlp-protobuf target (built and run by Scripts/fuzz.sh): any
/// bytes must give a result or a diagnostic, never a crash, a hang or a leak. The sniffer runs
/// first, as the loader would; the decoder runs on every input too, so bytes the sniffer turns
/// away still exercise it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    _ = OTLPProtobufFormat.sniff(bytes)
    _ = OTLPProtobufFormat.decode(bytes, file: "fuzz")
    return 0
}
