import Vocabulary

#if canImport(Glibc)
    import Glibc
#endif
/// SHA-256 (FIPS 180-4), small and self-contained.
///
/// Why our own: the report's Content-Security-Policy names its inline `<script>` and `<style>`
/// blocks by `'sha256-…'` hashes (CSP Level 2 §4.2.4), computed when the page is rendered and
/// checked again by the validator. Foundation on Linux has no SHA-256, and swift-crypto would
/// add a large dependency and build time for one function. Tested against the FIPS 180-4 /
/// NIST example vectors.
public struct SHA256 {
    private var state: [UInt32] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ]
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    public init() {}

    /// The digest of `bytes`.
    public static func hash<S: Sequence>(_ bytes: S) -> [UInt8] where S.Element == UInt8 {
        var h = SHA256()
        h.update(bytes)
        return h.finish()
    }

    /// The CSP source expression for an inline block: `'sha256-<base64 of the digest>'`.
    public static func cspSource(_ text: String) -> String {
        if let known = CSPSourceCache.shared.value(for: text) { return known }
        let source = "'sha256-" + Base64.encode(hash(text.utf8)) + "'"
        CSPSourceCache.shared.store(source, for: text)
        return source
    }

    /// `cspSource` of the text whose UTF-8 is `bytes`: found in the cache by the bytes
    /// themselves, so a block met before (every page's stylesheet) is never made a `String`
    /// (26 KB decoded and checked for each of 253 waterfall pages at 500k spans, by the policy
    /// and again by the validator; issue 7). Bytes not met before go through
    /// `cspSource(String(decoding:as:))`, as the text of those bytes always did.
    public static func cspSource(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String {
        if let known = CSPSourceCache.shared.value(for: bytes) { return known }
        return cspSource(String(decoding: bytes, as: UTF8.self))
    }

    public mutating func update<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        for b in bytes {
            buffer.append(b)
            length &+= 1
            if buffer.count == 64 {
                compress(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
    }

    public mutating func finish() -> [UInt8] {
        let bits = length &* 8
        var tail = buffer
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bits >> (UInt64(i) * 8))) }
        for start in stride(from: 0, to: tail.count, by: 64) { compress(Array(tail[start..<start + 64])) }
        buffer.removeAll()
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for word in state {
            out += [
                UInt8(word >> 24), UInt8(truncatingIfNeeded: word >> 16), UInt8(truncatingIfNeeded: word >> 8),
                UInt8(truncatingIfNeeded: word),
            ]
        }
        return out
    }

    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

    private mutating func compress(_ block: [UInt8]) {
        var w = [UInt32](repeating: 0, count: 64)
        for i in 0..<16 {
            w[i] = UInt32(block[4 * i]) << 24 | UInt32(block[4 * i + 1]) << 16 | UInt32(block[4 * i + 2]) << 8 | UInt32(block[4 * i + 3])
        }
        for i in 16..<64 {
            let s0 = Self.rotr(w[i - 15], 7) ^ Self.rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
            let s1 = Self.rotr(w[i - 2], 17) ^ Self.rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }
        var a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7]
        for i in 0..<64 {
            let s1 = Self.rotr(e, 6) ^ Self.rotr(e, 11) ^ Self.rotr(e, 25)
            let ch = (e & f) ^ (~e & g)
            let t1 = h &+ s1 &+ ch &+ Self.k[i] &+ w[i]
            let s0 = Self.rotr(a, 2) ^ Self.rotr(a, 13) ^ Self.rotr(a, 22)
            let maj = (a & b) ^ (a & c) ^ (b & c)
            let t2 = s0 &+ maj
            h = g
            g = f
            f = e
            e = d &+ t1
            d = c
            c = b
            b = a
            a = t1 &+ t2
        }
        state[0] &+= a
        state[1] &+= b
        state[2] &+= c
        state[3] &+= d
        state[4] &+= e
        state[5] &+= f
        state[6] &+= g
        state[7] &+= h
    }
}

/// The CSP sources already computed in this process: every page carries the same stylesheet
/// (and the trace pages the same script), which would otherwise be hashed again for each page
/// and again by the validator.
///
/// Found by length and then by comparing the bytes, not through a `Dictionary<String, _>`: that
/// hashed the 26 KB stylesheet with SipHash at each lookup, under the lock, twice a page (as
/// much as the SHA-256 it saved, issue 7), and its keys compare by canonical equivalence, where
/// a digest is of the exact bytes.
final class CSPSourceCache: @unchecked Sendable {
    static let shared = CSPSourceCache()
    private var entries: [(text: String, source: String)] = []
    private var mutex = pthread_mutex_t()

    init() { pthread_mutex_init(&mutex, nil) }

    /// The source stored for a text of exactly `text`'s bytes (`value(for:)` of its UTF-8).
    func value(for text: String) -> String? {
        var text = text
        return text.withUTF8 { value(for: $0) }
    }

    /// The source of a stored text whose UTF-8 is exactly `bytes`. A stored text is valid
    /// UTF-8, so bytes equal to it decode to it unchanged: the source is the one `cspSource`
    /// would compute for them.
    func value(for bytes: UnsafeBufferPointer<UInt8>) -> String? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return entries.first { Self.sameBytes($0.text, bytes) }?.source
    }

    func store(_ source: String, for text: String) {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        // A few distinct blocks, bounded anyway.
        var bytes = text
        let known = bytes.withUTF8 { bytes in entries.contains { Self.sameBytes($0.text, bytes) } }
        if entries.count < 64, !known { entries.append((text, source)) }
    }

    /// Whether `text`'s UTF-8 is `bytes`.
    static func sameBytes(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.utf8.count == bytes.count else { return false }
        let compared = text.utf8.withContiguousStorageIfAvailable { x in
            x.count == 0 || memcmp(x.baseAddress!, bytes.baseAddress!, x.count) == 0
        }
        return compared ?? text.utf8.elementsEqual(bytes)
    }
}
