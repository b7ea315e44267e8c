import CZstd

/// Reads Zstandard files (RFC 8878) as the collector's file exporter writes them with
/// `compression: zstd`, in both of its layouts:
/// - by default, each message is compressed on its own and written after a 4-byte big-endian
///   length (`exportMessageAsBuffer`), for `format: json` as for `format: proto`;
/// - with its native-compression feature gate, the file is one zstd stream (several frames one
///   after another, as each flush or rotation starts one) holding JSON Lines or 4-byte-framed
///   protobuf — as `zstd FILE` also makes.
/// Skippable frames are skipped. Debian's libzstd does the work.
enum Zstd {
    struct Failure: Error {
        var message: String
    }

    /// The frame magic number 0xFD2FB528, little-endian.
    static func isZstd(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x28 && bytes[1] == 0xB5 && bytes[2] == 0x2F && bytes[3] == 0xFD
    }

    /// True when the bytes are 4-byte-length-framed messages whose first is a zstd frame: the
    /// file exporter's default layout with compression.
    static func isLengthPrefixedFrames(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 8 && bytes[0] == 0 && isZstd(UnsafeBufferPointer(rebasing: bytes[4..<8]))
    }

    /// Either layout, decompressed: one stream as it is; length-prefixed messages each
    /// decompressed and laid out again as the same data uncompressed — JSON messages as JSON
    /// Lines, protobuf messages after their 4-byte lengths.
    static func decompressFile(_ input: UnsafeBufferPointer<UInt8>) throws(Failure) -> [UInt8] {
        guard !isZstd(input), isLengthPrefixedFrames(input) else { return try decompress(input) }
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 4)
        var position = 0, index = 0
        while position < input.count {
            guard input.count - position >= 4 else {
                throw Failure(
                    message:
                        "the zstd-compressed messages are truncated: \(input.count - position) bytes after message \(index - 1) are too few for a length"
                )
            }
            let length =
                Int(input[position]) << 24 | Int(input[position + 1]) << 16 | Int(input[position + 2]) << 8 | Int(input[position + 3])
            let start = position + 4
            guard length <= input.count - start else {
                throw Failure(
                    message:
                        "the zstd-compressed messages are truncated: message \(index) at byte \(position) needs \(length) bytes, \(input.count - start) are left"
                )
            }
            let frame = UnsafeBufferPointer(rebasing: input[start..<start + length])
            let plain: [UInt8]
            do {
                plain = try decompress(frame)
            } catch {
                throw Failure(message: "message \(index) at byte \(position): \(error.message)")
            }
            if looksLikeJSON(plain) {
                output += plain
                output.append(0x0A)
            } else {
                let n = UInt32(truncatingIfNeeded: plain.count)
                output += [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)]
                output += plain
            }
            position = start + length
            index += 1
        }
        return output
    }

    /// A JSON message starts with `{` (after whitespace); a protobuf export request never does
    /// (0x7B would be field 15 as a group).
    private static func looksLikeJSON(_ bytes: [UInt8]) -> Bool {
        bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 } == UInt8(ascii: "{")
    }

    /// The decompressed bytes; a truncated or corrupt stream is an error naming what libzstd said
    /// and how far into the compressed file it got.
    static func decompress(_ input: UnsafeBufferPointer<UInt8>) throws(Failure) -> [UInt8] {
        guard isZstd(input) else { throw Failure(message: "the zstd stream is corrupt: no zstd frame magic number at its start") }
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
