import CZlib

/// Reads gzip files (RFC 1952), including several members concatenated as `cat a.gz b.gz`
/// writes them, so a compressed snapshot is read like a plain one. zlib does the work.
enum Gzip {
    struct Failure: Error {
        var message: String
    }

    static func isGzip(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The decompressed bytes; a truncated or corrupt stream is an error naming what zlib said.
    static func decompress(_ input: UnsafeBufferPointer<UInt8>) throws(Failure) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 4)
        var offset = 0
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        while offset < input.count {
            var stream = z_stream()
            guard czlib_inflate_init_gzip(&stream) == Z_OK else { throw Failure(message: "zlib could not start") }
            defer { inflateEnd(&stream) }
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + offset)
            stream.avail_in = uInt(input.count - offset)
            var status: Int32 = Z_OK
            repeat {
                let produced: Int = buffer.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(chunk)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return chunk - Int(stream.avail_out)
                }
                if status != Z_OK && status != Z_STREAM_END {
                    let what = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    throw Failure(message: status == Z_BUF_ERROR ? "the gzip stream is truncated" : "the gzip stream is corrupt: \(what)")
                }
                output.append(contentsOf: buffer[0..<produced])
                if status == Z_OK && stream.avail_in == 0 && produced == 0 {
                    throw Failure(message: "the gzip stream is truncated")
                }
            } while status != Z_STREAM_END
            offset = input.count - Int(stream.avail_in)
            // Trailing zero padding after the last member is allowed (some tools write it).
            if input[offset...].allSatisfy({ $0 == 0 }) { break }
        }
        return output
    }
}
