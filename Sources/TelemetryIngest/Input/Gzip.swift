import CZlib

/// Reads gzip files (RFC 1952), including several members concatenated as `cat a.gz b.gz`
/// writes them, so a compressed snapshot is read like a plain one. zlib does the work.
enum Gzip {
    typealias Failure = DecompressionFailure

    static func isGzip(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The decompressed bytes; a truncated or corrupt stream is an error naming what zlib said.
    static func decompress(_ input: UnsafeBufferPointer<UInt8>) throws(Failure) -> [UInt8] {
        try Reader(input).readAll(reserving: input.count * 4)
    }

    /// The members of `input` inflated one after another, a buffer at a time.
    final class Reader: Decompressor {
        private let input: UnsafeBufferPointer<UInt8>
        /// zlib's state points back at its stream, so the stream stays at one address.
        private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        private var inMember = false
        /// Where the input given to zlib ends: at most a gigabyte at a time, as `avail_in` is
        /// 32 bits wide.
        private var given = 0

        init(_ input: UnsafeBufferPointer<UInt8>) {
            self.input = input
            stream.initialize(to: z_stream())
        }

        deinit {
            if inMember { inflateEnd(stream) }
            stream.deinitialize(count: 1)
            stream.deallocate()
        }

        var consumed: Int { inMember ? given - Int(stream.pointee.avail_in) : given }

        func read(into buffer: UnsafeMutableBufferPointer<UInt8>) throws(Failure) -> Int {
            while true {
                if !inMember {
                    // Trailing zero padding after the last member is allowed (some tools write it).
                    if given >= input.count || input[given...].allSatisfy({ $0 == 0 }) { return 0 }
                    guard czlib_inflate_init_gzip(stream) == Z_OK else { throw Failure(message: "zlib could not start") }
                    inMember = true
                    stream.pointee.avail_in = 0
                }
                if stream.pointee.avail_in == 0 && given < input.count {
                    let piece = min(input.count - given, 1 << 30)
                    stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + given)
                    stream.pointee.avail_in = uInt(piece)
                    given += piece
                }
                let room = min(buffer.count, 1 << 30)
                stream.pointee.next_out = buffer.baseAddress
                stream.pointee.avail_out = uInt(room)
                let status = inflate(stream, Z_NO_FLUSH)
                let produced = room - Int(stream.pointee.avail_out)
                if status != Z_OK && status != Z_STREAM_END {
                    let what = stream.pointee.msg.map { String(cString: $0) } ?? "error \(status)"
                    throw Failure(message: status == Z_BUF_ERROR ? "the gzip stream is truncated" : "the gzip stream is corrupt: \(what)")
                }
                if status == Z_STREAM_END {
                    given -= Int(stream.pointee.avail_in)
                    inflateEnd(stream)
                    inMember = false
                } else if stream.pointee.avail_in == 0 && given == input.count && produced == 0 {
                    throw Failure(message: "the gzip stream is truncated")
                }
                if produced > 0 { return produced }
            }
        }
    }
}
