#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading a file descriptor until a buffer is full or the file ends, retrying `read(2)` when a
/// signal interrupts it: the one loop the streaming reader, the staging read-back, the code-page
/// check (`CodePages`, through `pread`) and every read of a file to its end (`readAll`) share.
public enum DescriptorRead {
    /// Reads into `into` until `count` bytes or the end of the file: the bytes read, or -1 on
    /// an error. With `offset`, from there (`pread(2)`, the descriptor's position untouched).
    public static func fill(_ fd: Int32, _ into: UnsafeMutableRawPointer, _ count: Int, at offset: Int? = nil) -> Int {
        var total = 0
        while total < count {
            let n = offset.map { pread(fd, into + total, count - total, off_t($0 + total)) } ?? read(fd, into + total, count - total)
            if n < 0 {
                if errno == EINTR { continue }
                return -1
            }
            if n == 0 { break }
            total += n
        }
        return total
    }

    /// Every byte `path` gives until its end, read `chunk` bytes at a time through `fill`: for
    /// files with no size to ask for (a pipe, a file of `/proc`). Nil, with `errno` set, when it
    /// cannot be opened or read.
    public static func readAll(_ path: String, chunk: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        return readRest(fd, chunk: chunk, appendingTo: &bytes) ? bytes : nil
    }

    /// Appends every byte `fd` gives until its end to `bytes`, `chunk` bytes at a time: false,
    /// with `errno` set, when a read fails (what came before it is appended). `readAll`'s loop,
    /// and the rest of a pipe that is not copied to a file (`PipeSpool`).
    public static func readRest(_ fd: Int32, chunk: Int, appendingTo bytes: inout [UInt8]) -> Bool {
        var buffer = [UInt8](repeating: 0, count: max(1, chunk))
        while true {
            let got = buffer.withUnsafeMutableBytes { fill(fd, $0.baseAddress!, $0.count) }
            if got < 0 { return false }
            bytes.append(contentsOf: buffer[0..<got])
            if got < buffer.count { return true }
        }
    }
}
