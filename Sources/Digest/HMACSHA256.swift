/// HMAC-SHA-256 (RFC 2104, FIPS 198-1): a keyed hash, so the stand-in for a redacted value is
/// stable for one key (`--redact-salt`) — equal values still group together — but cannot be
/// recomputed from a guessed value by someone who lacks the key.
public enum HMACSHA256 {
    public static func authenticationCode<K: Sequence, M: Sequence>(key: K, message: M) -> [UInt8]
    where K.Element == UInt8, M.Element == UInt8 {
        var k = Array(key)
        if k.count > 64 { k = SHA256.hash(k) }
        k += [UInt8](repeating: 0, count: 64 - k.count)
        var inner = SHA256()
        inner.update(k.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = SHA256()
        outer.update(k.map { $0 ^ 0x5c })
        outer.update(inner.finish())
        return outer.finish()
    }

    /// The code as lowercase hex.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out += [digits[Int(b >> 4)], digits[Int(b & 15)]] }
        return String(decoding: out, as: UTF8.self)
    }
}
