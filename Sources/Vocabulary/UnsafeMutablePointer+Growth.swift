extension UnsafeMutablePointer where Pointee: BitwiseCopyable {
    /// `base`'s first `count` values moved to a new buffer with room for at least `needed`
    /// (twice `capacity`, or `needed` when that is more), and `base` freed: the growth step of
    /// the buffers that loops of millions of appends write through a raw pointer (the markup
    /// writer's bytes, the trace page's `AppendBuffer`), which avoid an array's uniqueness and
    /// room checks on every value. One copy of it, so both double the same way; it is their
    /// cold path, called a few dozen times a page.
    @inlinable
    public static func grown(
        from base: UnsafeMutablePointer, count: Int, capacity: Int, needed: Int
    ) -> (base: UnsafeMutablePointer, capacity: Int) {
        let larger = Swift.max(capacity * 2, needed)
        let next = UnsafeMutablePointer.allocate(capacity: larger)
        next.update(from: base, count: count)
        base.deallocate()
        return (next, larger)
    }
}
