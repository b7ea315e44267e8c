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
