import Foundation
import TelemetryModel
import TestSupport
import Testing

@testable import TelemetryIngest

/// Compressed files read a window at a time for the streaming reader, in every layout: the
/// windows hold exactly the bytes the whole-file decompression gives, whatever their sizes and
/// wherever the next one starts, and each reader hands out the same bytes into buffers of any
/// size. The compressed bytes come from the system's `gzip` and `zstd`; skipped without them.
@Suite struct DecompressedWindowsTests {
    /// Lines of JSON as the streaming reader takes them (four of the stream tests' requests).
    static let plain = OTLPJSONLinesStreamTests.file(lines: 4, spans: 40)

    /// `plain` compressed as each layout is written: gzip, one zstd stream, zstd messages
    /// (each line without its newline, after its length).
    static func layouts() throws -> [(name: String, bytes: [UInt8])] {
        var out: [(String, [UInt8])] = []
        if FileManager.default.isExecutableFile(atPath: "/bin/gzip") {
            out.append(("gzip", try GzipTests.gzip(String(decoding: plain, as: UTF8.self))))
        }
        if ZstdTests.zstdTool != nil {
            out.append(("zstd stream", try ZstdTests.zstd(plain)))
            let lines = plain.split(separator: 0x0A).map { Array($0) }
            out.append(("zstd messages", ZstdTests.lengthPrefixed(try lines.map { try ZstdTests.zstd($0) })))
        }
        return out
    }

    /// Windows of `sizes` bytes taken in turn, each starting where `keep` leaves of the last
    /// one (as a round leaves its unfinished line), until the data ends.
    static func windows(_ bytes: [UInt8], sizes: [Int], keep: Int) throws -> (data: [UInt8], expected: Int)? {
        try TemporaryFile.withDescriptor(bytes) { fd, _ in
            guard let source = DecompressedWindows(fd: fd, fileSize: bytes.count) else { return nil }
            var data: [UInt8] = [], start = 0, k = 0
            while true {
                guard let window = source.window(from: start, count: sizes[k % sizes.count]) else { return nil }
                #expect(window.bytes.count <= max(sizes[k % sizes.count], data.count - start))
                // Bytes seen before are the same; the rest is new.
                let seen = data.count - start
                #expect(Array(window.bytes.prefix(seen)) == Array(data[start...]))
                data += window.bytes.dropFirst(seen)
                if window.atEnd { return (data, source.expectedSize) }
                start = max(start, start + window.bytes.count - keep)
                k += 1
            }
        }
    }

    @Test func windowsOfAnySizeHoldTheWholeData() throws {
        for (name, bytes) in try Self.layouts() {
            for (sizes, keep) in [([1 << 20], 0), ([4096], 100), ([1, 7, 300], 0), ([600, 5000, 97], 96)] {
                let got = try #require(try Self.windows(bytes, sizes: sizes, keep: keep), "\(name)")
                #expect(got.data == Self.plain, "\(name) \(sizes) \(keep)")
                // Once the data has ended its size is known.
                #expect(got.expected == Self.plain.count, "\(name)")
            }
        }
    }

    /// A window asked for again from the same start, larger (a round that held too few lines).
    @Test func aWindowAskedForAgainLargerKeepsItsBytes() throws {
        for (name, bytes) in try Self.layouts() {
            let both = try TemporaryFile.withDescriptor(bytes) { fd, _ -> ([UInt8], [UInt8]) in
                let source = try #require(DecompressedWindows(fd: fd, fileSize: bytes.count))
                let small = Array(try #require(source.window(from: 0, count: 1000)).bytes)
                let large = Array(try #require(source.window(from: 0, count: 3000)).bytes)
                return (small, large)
            }
            #expect(both.0 == Array(Self.plain.prefix(1000)), "\(name)")
            #expect(both.1 == Array(Self.plain.prefix(3000)), "\(name)")
        }
    }

    @Test func aCorruptOrCutFileGivesNoWindow() throws {
        for (name, bytes) in try Self.layouts() {
            var corrupt = bytes
            for i in 16..<min(corrupt.count - 8, 60) { corrupt[i] ^= 0x5A }
            for bad in [corrupt, Array(bytes.prefix(bytes.count / 2))] {
                let reached = try TemporaryFile.withDescriptor(bad) { fd, _ -> Bool in
                    let source = try #require(DecompressedWindows(fd: fd, fileSize: bad.count))
                    var start = 0
                    while let window = source.window(from: start, count: 1000) {
                        if window.atEnd { return true }
                        start += window.bytes.count
                    }
                    return false
                }
                #expect(!reached, "\(name): a damaged file read to its end")
            }
        }
        // Neither gzip nor zstd: no source.
        let plain = Self.plain
        #expect(try TemporaryFile.withDescriptor(plain) { fd, _ in DecompressedWindows(fd: fd, fileSize: plain.count) } == nil)
    }

    /// Each reader hands out the same bytes into buffers of 1, 5 and 4096 bytes as into one
    /// large one; a message whose first piece is only whitespace is still told to be JSON.
    @Test func readersGiveTheSameBytesIntoBuffersOfAnySize() throws {
        var cases = try Self.layouts()
        if ZstdTests.zstdTool != nil {
            let spaced = Array("  \n{\"resourceSpans\":[]}".utf8)
            cases.append(("zstd message after spaces", ZstdTests.lengthPrefixed([try ZstdTests.zstd(spaced)])))
        }
        for (name, bytes) in cases {
            let whole: [UInt8] = try bytes.withUnsafeBufferPointer { input in
                Gzip.isGzip(input) ? try Gzip.decompress(input) : try Zstd.decompressFile(input)
            }
            for size in [1, 5, 4096] {
                let pieces: [UInt8] = try bytes.withUnsafeBufferPointer { input in
                    let reader: any Decompressor =
                        Gzip.isGzip(input) ? Gzip.Reader(input) : Zstd.Reader(input, layout: Zstd.layout(of: input))
                    let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: size)
                    defer { buffer.deallocate() }
                    var out: [UInt8] = []
                    while case let n = try reader.read(into: buffer), n > 0 { out += buffer[0..<n] }
                    #expect(reader.consumed == input.count, "\(name)")
                    return out
                }
                #expect(pieces == whole, "\(name), \(size)-byte buffers")
            }
            if name == "zstd message after spaces" { #expect(whole == Array("  \n{\"resourceSpans\":[]}\n".utf8)) }
        }
    }
}
