#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The members an object's decoder looks for, matched on the bytes of each key rather than a
/// `String` made of it (`OTLPJSONDecoder.forEachMember`): the envelope objects around a
/// collector's spans (`ResourceSpans`, `ScopeSpans`) come once a span in a file of one trace a
/// line, and making, converting and comparing a `String` for each of their five keys was about
/// 5% of reading such a file (issue 7).
///
/// Up to four lowerCamelCase names, held in place (no array, so passing the names retains
/// nothing); a key that spells none of them but holds a `_` is converted from snake_case first
/// (`scope_spans`), as `OTLPJSONDecoder.fieldName` converts every key. Each name's compact form
/// (`CompactKey`; `never` for a name too long to have one) is guessed for the key after the one
/// found before, in the order the names are given.
struct MemberNames: Sendable {
    private let names: (StaticString, StaticString, StaticString, StaticString)
    private let guesses: (CompactKey, CompactKey, CompactKey, CompactKey)
    let count: Int

    init(_ a: StaticString, _ b: StaticString, _ c: StaticString, _ d: StaticString = "") {
        names = (a, b, c, d)
        count = d.utf8CodeUnitCount == 0 ? 3 : 4
        func guess(_ name: StaticString) -> CompactKey { (3...21).contains(name.utf8CodeUnitCount) ? CompactKey(name) : .never }
        guesses = (guess(a), guess(b), guess(c), count == 4 ? guess(d) : .never)
    }

    /// The compact form of name `k`.
    @inline(__always)
    func guess(_ k: Int) -> CompactKey {
        switch k {
        case 0: guesses.0
        case 1: guesses.1
        case 2: guesses.2
        default: guesses.3
        }
    }

    /// The index of the name `key` spells, or −1 for none.
    func index(of key: UnsafeBufferPointer<UInt8>) -> Int {
        if let k = exactIndex(of: key) { return k }
        guard key.contains(UInt8(ascii: "_")) else { return -1 }
        var converted = OTLPJSONDecoder.fieldName(String(decoding: key, as: UTF8.self))
        return converted.withUTF8 { exactIndex(of: $0) } ?? -1
    }

    private func exactIndex(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        func spells(_ name: StaticString) -> Bool {
            name.utf8CodeUnitCount == key.count && (key.isEmpty || memcmp(key.baseAddress!, name.utf8Start, key.count) == 0)
        }
        if spells(names.0) { return 0 }
        if spells(names.1) { return 1 }
        if spells(names.2) { return 2 }
        if count == 4 && spells(names.3) { return 3 }
        return nil
    }
}
