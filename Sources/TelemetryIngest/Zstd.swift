import CZstd

/// Reads Zstandard files (RFC 8878), as the collector's file exporter writes them with
/// `compression: zstd`, including several frames one after another (each rotation or flush may
/// start one) and skippable frames. Debian's libzstd does the work.
enum Zstd {
    struct Failure: Error {
        var message: String
    }

    /// The frame magic number 0xFD2FB528, little-endian.
    static func isZstd(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x28 && bytes[1] == 0xB5 && bytes[2] == 0x2F && bytes[3] == 0xFD
    }

    /// The decompressed bytes; a truncated or corrupt stream is an error naming what libzstd said
    /// and how far into the compressed file it got.
    static func decompress(_ input: UnsafeBufferPointer<UInt8>) throws(Failure) -> [UInt8] {
        guard let stream = ZSTD_createDStream() else { throw Failure(message: "libzstd could not start") }
        defer { ZSTD_freeDStream(stream) }
        _ = ZSTD_initDStream(stream)
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 4)
        let chunk = ZSTD_DStreamOutSize()
        var buffer = [UInt8](repeating: 0, count: chunk)
        var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        while true {
            let before = source.pos
            var produced = 0
            let status = buffer.withUnsafeMutableBytes { out -> Int in
                var target = ZSTD_outBuffer(dst: out.baseAddress, size: chunk, pos: 0)
                let status = ZSTD_decompressStream(stream, &target, &source)
                produced = target.pos
                return status
            }
            if ZSTD_isError(status) != 0 {
                let what = String(cString: ZSTD_getErrorName(status))
                throw Failure(message: "the zstd stream is corrupt: \(what) (at or before byte \(source.pos) of \(input.count))")
            }
            output.append(contentsOf: buffer[0..<produced])
            let inputDone = source.pos == source.size
            if status == 0 && inputDone { return output }  // the last frame is complete
            if inputDone && produced < chunk {
                throw Failure(message: "the zstd stream is truncated (\(input.count) bytes end inside a frame)")
            }
            if produced == 0 && source.pos == before {
                throw Failure(message: "the zstd stream is corrupt: no progress at byte \(source.pos)")
            }
        }
    }
}
