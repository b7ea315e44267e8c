/// Why a compressed file could not be read, in words naming what the library said and where.
struct DecompressionFailure: Error {
    var message: String
}

/// A compressed file read a piece at a time (`Gzip.Reader`, `Zstd.Reader`).
///
/// One reader serves both ways a compressed file is read: drained into one array for the
/// ordinary decoders (`readAll`), or a window at a time for the streaming reader
/// (`DecompressedWindows`), so that a large compressed snapshot is decoded on every core as
/// it is decompressed and never held whole (issue 7: 500k spans as 22 MB of zstd peaked at
/// 369 MiB decompressed whole, against 84 MiB for the plain file).
protocol Decompressor: AnyObject {
    /// Fills the start of `buffer` (not empty) with the next decompressed bytes and says how
    /// many; 0 once the data has ended.
    func read(into buffer: UnsafeMutableBufferPointer<UInt8>) throws(DecompressionFailure) -> Int
    /// Compressed bytes read so far, for progress.
    var consumed: Int { get }
}

extension Decompressor {
    /// The rest of the data, decompressed, in one array.
    func readAll(reserving capacity: Int) throws(DecompressionFailure) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(capacity)
        let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 16)
        defer { chunk.deallocate() }
        while true {
            let produced = try read(into: chunk)
            if produced == 0 { return output }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[0..<produced]))
        }
    }
}
