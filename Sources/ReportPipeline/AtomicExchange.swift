#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Swaps two paths in one step: Linux's `renameat2(…, RENAME_EXCHANGE)` (glibc 2.28+, Linux
/// 3.15+; not exposed by Swift's Glibc module, so it is looked up at run time).
///
/// Why: replacing a folder with two renames leaves a moment with no report at the target; a
/// `kill -9` there would lose the earlier report. With the exchange there is no such moment.
enum AtomicExchange {
    enum Outcome: Equatable {
        case done
        /// The system or the file system has no atomic exchange.
        case unsupported
        case failed(Int32)
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    /// `RENAME_EXCHANGE` from `<linux/fs.h>`.
    private static let renameExchange: UInt32 = 1 << 1

    static func exchange(_ a: String, _ b: String) -> Outcome {
        #if os(Linux)
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return .unsupported }
            let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
            if renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0 { return .done }
            let code = errno
            return code == EINVAL || code == ENOSYS ? .unsupported : .failed(code)
        #else
            return .unsupported
        #endif
    }
}
