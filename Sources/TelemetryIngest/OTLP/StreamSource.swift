import Vocabulary

/// Where the streaming reader's rounds get their bytes (`StreamPipeline`): a plain file's
/// windows mapped (`MappedFileSource`), or a compressed file's decompressed a window at a time
/// (`DecompressedWindows`). Offsets are in the data as decoded, not in the file.
protocol StreamSource: AnyObject, Sendable {
    /// Bytes `start..<start + count` of the data, fewer at its end; nil when they cannot be had
    /// (the file was cut short, the compressed stream is corrupt: the caller then reads the
    /// file the ordinary way, which says what is wrong). Called by one thread at a time, each
    /// call at or after the last one's `start` and at or before its end.
    func window(from start: Int, count: Int) -> StreamWindow?
    /// The data's size, or an estimate once the first window has been read; what the reader
    /// reserves its columns for.
    var expectedSize: Int { get }
    /// A round's `bytes` of whole lines are decoded: advances the progress bar by what they
    /// took of the file.
    func decoded(_ bytes: Int)
}

/// A window's bytes, valid while `owner` is held.
struct StreamWindow: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
    let owner: AnyObject?
    /// Whether the data ends with these bytes.
    let atEnd: Bool
}
