extension Array {
    /// Whether both arrays use one storage (never true of two arrays that differ): a value met
    /// again is known by its storage before its contents are compared or hashed (the snapshot
    /// builder's resources and scopes, the trace page's service lists; issue 7).
    @inlinable
    public func sharesStorage(with other: [Element]) -> Bool {
        count == other.count && withUnsafeBufferPointer { a in other.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
    }

    /// The address of the array's storage, 0 for none: a key for arrays that stay alive and
    /// unchanged while it is used (a freed storage's address can be given to another array).
    @inlinable
    public var storageKey: Int { withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) } }
}

extension Array {
    /// Room for `more` elements past the end, grown at least twofold when it must grow, as
    /// `append` grows. Why: `reserveCapacity(count + more)` makes storage of exactly that size,
    /// so a column given a part's entries at every merge was copied whole at every merge (a
    /// collector file with span events: 12,500 merges copied the events' ranges about a
    /// gigabyte's worth, 86% of the render's page faults; issue 7).
    @inlinable
    public mutating func reserveForAppending(_ more: Int) {
        let needed = count + more
        if needed > capacity { reserveCapacity(Swift.max(needed, 2 * capacity)) }
    }
}
