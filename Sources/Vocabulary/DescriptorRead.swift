#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading a file descriptor until a buffer is full or the file ends, retrying `read(2)` when a
/// signal interrupts it: the one loop the streaming reader, the staging read-back and the
/// code-page check (`CodePages`, through `pread`) share.
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
}
