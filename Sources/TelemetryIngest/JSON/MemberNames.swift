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
/// (`CompactKey`) is guessed for the key after the one found before, in the order the names are
/// given, passing over names too long to have one (the legacy `instrumentationLibrary…`
/// names, which a guess could never match: with one trace a line, the key after `scope` —
/// `spans` — and after `scopeSpans` — `schemaUrl` — were read in full at every envelope).
struct MemberNames: Sendable {
    private let names: (StaticString, StaticString, StaticString, StaticString)
    private let guesses: (CompactKey, CompactKey, CompactKey, CompactKey)
    /// For each name, the name guessed after it (`after`).
    private let successors: (Int8, Int8, Int8, Int8)
    let count: Int

    init(_ a: StaticString, _ b: StaticString, _ c: StaticString, _ d: StaticString = "") {
        names = (a, b, c, d)
        let count = d.utf8CodeUnitCount == 0 ? 3 : 4
        self.count = count
        let guessed = [a, b, c, d].prefix(count).map { (3...21).contains($0.utf8CodeUnitCount) }
        func guess(_ k: Int, _ name: StaticString) -> CompactKey { k < count && guessed[k] ? CompactKey(name) : .never }
        guesses = (guess(0, a), guess(1, b), guess(2, c), guess(3, d))
        // The next name that has a compact form, else the first.
        func successor(_ k: Int) -> Int8 { Int8((min(k + 1, count)..<count).first { guessed[$0] } ?? 0) }
        successors = (successor(0), successor(1), successor(2), successor(3))
    }

    /// The name to guess after name `k`.
    @inline(__always)
    func after(_ k: Int) -> Int {
        switch k {
        case 0: Int(successors.0)
        case 1: Int(successors.1)
        case 2: Int(successors.2)
        default: Int(successors.3)
        }
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
