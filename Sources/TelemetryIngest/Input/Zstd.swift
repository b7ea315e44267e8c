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
    typealias Failure = DecompressionFailure

    /// The frame magic number 0xFD2FB528, little-endian.
    static func isZstd(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x28 && bytes[1] == 0xB5 && bytes[2] == 0x2F && bytes[3] == 0xFD
    }

    /// True when the bytes are 4-byte-length-framed messages whose first is a zstd frame: the
    /// file exporter's default layout with compression.
    static func isLengthPrefixedFrames(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 8 && bytes[0] == 0 && isZstd(UnsafeBufferPointer(rebasing: bytes[4..<8]))
    }

    /// Which layout `input` has: length-prefixed messages, or one stream.
    static func layout(of input: UnsafeBufferPointer<UInt8>) -> Reader.Layout {
        !isZstd(input) && isLengthPrefixedFrames(input) ? .messages : .stream
    }

    /// Either layout, decompressed: one stream as it is; length-prefixed messages each
    /// decompressed and laid out again as the same data uncompressed — JSON messages as JSON
    /// Lines, protobuf messages after their 4-byte lengths.
    static func decompressFile(_ input: UnsafeBufferPointer<UInt8>) throws(Failure) -> [UInt8] {
        try Reader(input, layout: layout(of: input)).readAll(reserving: input.count * 4)
    }

    /// The decompressed bytes; a truncated or corrupt stream is an error naming what libzstd said
    /// and how far into the compressed file it got.
    static func decompress(_ input: UnsafeBufferPointer<UInt8>) throws(Failure) -> [UInt8] {
        try Reader(input, layout: .stream).readAll(reserving: input.count * 4)
    }

    /// A JSON message starts with `{` (after whitespace); a protobuf export request never does
    /// (0x7B would be field 15 as a group).
    private static func looksLikeJSON<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 } == UInt8(ascii: "{")
    }

    /// Either layout decompressed a buffer at a time.
    final class Reader: Decompressor {
        enum Layout {
            /// One stream of frames.
            case stream
            /// Frames each after its 4-byte big-endian length.
            case messages
        }

        private let input: UnsafeBufferPointer<UInt8>
        private let layout: Layout
        /// The decompressor, made at the first read, and what it reads: the whole input, or
        /// the current message's frame.
        private var stream: OpaquePointer?
        private var source: ZSTD_inBuffer
        private var finished = false
        /// Messages: where the next length is, how many messages were started, and where the
        /// current one's length was (for errors).
        private var position = 0, index = 0, messageAt = 0
        private var state = MessageState.between
        /// A message that is not JSON, laid out after its length, with what is left of it to
        /// hand out.
        private var message: [UInt8] = []
        private var messageOffset = 0

        private enum MessageState {
            case between
            /// A JSON message is decompressed straight into the reader's buffers, then its newline.
            case json
            case buffered
        }

        init(_ input: UnsafeBufferPointer<UInt8>, layout: Layout) {
            self.input = input
            self.layout = layout
            source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        }

        deinit {
            if let stream { ZSTD_freeDStream(stream) }
        }

        /// Within a JSON message, as far as the decompressor has read its frame.
        var consumed: Int { layout == .stream ? source.pos : state == .json ? messageAt + 4 + source.pos : position }

        func read(into buffer: UnsafeMutableBufferPointer<UInt8>) throws(Failure) -> Int {
            layout == .stream ? try readStream(into: buffer) : try readMessages(into: buffer)
        }

        /// Decompresses from `source` into `buffer`; 0 once its last frame is complete.
        private func readStream(into buffer: UnsafeMutableBufferPointer<UInt8>) throws(Failure) -> Int {
            if finished { return 0 }
            if source.pos == 0 {
                let input = UnsafeBufferPointer(start: source.src?.assumingMemoryBound(to: UInt8.self), count: source.size)
                guard isZstd(input) else { throw Failure(message: "the zstd stream is corrupt: no zstd frame magic number at its start") }
            }
            if stream == nil {
                guard let made = ZSTD_createDStream() else { throw Failure(message: "libzstd could not start") }
                stream = made
                _ = ZSTD_initDStream(made)
            }
            while true {
                let before = source.pos
                var target = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
                let status = ZSTD_decompressStream(stream, &target, &source)
                if ZSTD_isError(status) != 0 {
                    let what = String(cString: ZSTD_getErrorName(status))
                    throw Failure(message: "the zstd stream is corrupt: \(what) (at or before byte \(source.pos) of \(source.size))")
                }
                let produced = target.pos
                let inputDone = source.pos == source.size
                if status == 0 && inputDone {  // the last frame is complete
                    finished = true
                    return produced
                }
                if inputDone && produced < buffer.count {
                    throw Failure(message: "the zstd stream is truncated (\(source.size) bytes end inside a frame)")
                }
                if produced == 0 && source.pos == before {
                    throw Failure(message: "the zstd stream is corrupt: no progress at byte \(source.pos)")
                }
                if produced > 0 { return produced }
            }
        }

        /// Messages one after another. A JSON message (the collector's `format: json`) goes
        /// straight into `buffer`, then a newline, as a JSON Lines file holds it; any other is
        /// decompressed whole, to be written after its length.
        private func readMessages(into buffer: UnsafeMutableBufferPointer<UInt8>) throws(Failure) -> Int {
            while true {
                switch state {
                case .between:
                    if position >= input.count { return 0 }
                    let frame = try nextFrame()
                    // A first piece, small, to tell JSON from protobuf.
                    let peek = UnsafeMutableBufferPointer(rebasing: buffer[0..<min(buffer.count, 4096)])
                    start(frame)
                    let produced = try inMessage { () throws(Failure) in try readStream(into: peek) }
                    if looksLikeJSON(peek[0..<produced]) {
                        state = .json
                        return produced
                    }
                    // Not JSON, or whitespace so far: the whole message decides.
                    let plain = try inMessage { () throws(Failure) in
                        try Reader(frame, layout: .stream).readAll(reserving: frame.count * 4)
                    }
                    if looksLikeJSON(plain) {
                        message = plain
                        message.append(0x0A)
                    } else {
                        let n = UInt32(truncatingIfNeeded: plain.count)
                        message = [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + plain
                    }
                    messageOffset = 0
                    state = .buffered
                case .json:
                    let produced = try inMessage { () throws(Failure) in try readStream(into: buffer) }
                    if produced > 0 { return produced }
                    buffer[0] = 0x0A
                    state = .between
                    return 1
                case .buffered:
                    if messageOffset == message.count {
                        state = .between
                        continue
                    }
                    let n = min(buffer.count, message.count - messageOffset)
                    message.withUnsafeBufferPointer { all in
                        _ = buffer.initialize(fromContentsOf: UnsafeBufferPointer(rebasing: all[messageOffset..<messageOffset + n]))
                    }
                    messageOffset += n
                    return n
                }
            }
        }

        /// The frame of the message at `position`, which moves past it.
        private func nextFrame() throws(Failure) -> UnsafeBufferPointer<UInt8> {
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
            messageAt = position
            position = start + length
            index += 1
            return UnsafeBufferPointer(rebasing: input[start..<start + length])
        }

        /// Points the decompressor at `frame` from its start.
        private func start(_ frame: UnsafeBufferPointer<UInt8>) {
            source = ZSTD_inBuffer(src: frame.baseAddress, size: frame.count, pos: 0)
            finished = false
            if let stream { _ = ZSTD_initDStream(stream) }
        }

        /// `body`'s errors name the message they are in.
        private func inMessage<T>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
            do {
                return try body()
            } catch {
                throw Failure(message: "message \(index - 1) at byte \(messageAt): \(error.message)")
            }
        }
    }
}
