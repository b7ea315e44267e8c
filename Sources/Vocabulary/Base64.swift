/// Standard base64 (RFC 4648 §4) encoding and decoding: `bytes` ids and values, the trace page's
/// column blobs, CSP hash sources and the keyed hashes of redacted values (one copy for all).
public enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Writes straight into the string's storage: building it from 4-byte array literals (one
    /// heap array per 3 input bytes) was ~3% of a 500k-span render, for the trace page's
    /// multi-megabyte column blobs.
    public static func encode(_ bytes: [UInt8]) -> String {
        let count = encodedCount(bytes.count)
        guard count > 0 else { return "" }
        return bytes.withUnsafeBufferPointer { input in
            String(unsafeUninitializedCapacity: count) { out in
                encode(input, into: out)
                return count
            }
        }
    }

    /// Characters of the encoding of `count` bytes (padded).
    public static func encodedCount(_ count: Int) -> Int { (count + 2) / 3 * 4 }

    /// Writes the encoding of `input` into the first `encodedCount(input.count)` bytes of
    /// `output`, so a caller can fill one buffer from several threads, each a run of whole 3-byte
    /// groups (the trace page's column blobs, written into the page's JSON text directly).
    public static func encode(_ input: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) {
        precondition(out.count >= encodedCount(input.count))
        guard let source = input.baseAddress, let target = out.baseAddress else { return }
        let raw = UnsafeMutableRawPointer(target)
        // Two characters per 12 bits from a table of 4,096 pairs, four stored at once, through
        // raw pointers: the same loop through checked subscripts, a character at a time, was
        // ten instructions a byte (1% of a 500k-span render, the trace page's column blobs).
        pairs.withUnsafeBufferPointer { table in
            let pair = table.baseAddress!
            var i = 0, o = 0
            while i + 2 < input.count {
                let n = Int(source[i]) << 16 | Int(source[i + 1]) << 8 | Int(source[i + 2])
                let word = UInt32(pair[n >> 12]) | UInt32(pair[n & 0xFFF]) << 16
                raw.storeBytes(of: word.littleEndian, toByteOffset: o, as: UInt32.self)
                i += 3
                o += 4
            }
            let rest = input.count - i
            if rest > 0 {
                let n = UInt32(source[i]) << 16 | (rest == 2 ? UInt32(source[i + 1]) << 8 : 0)
                alphabet.withUnsafeBufferPointer { letters in
                    target[o] = letters[Int(n >> 18 & 63)]
                    target[o + 1] = letters[Int(n >> 12 & 63)]
                    target[o + 2] = rest == 2 ? letters[Int(n >> 6 & 63)] : UInt8(ascii: "=")
                    target[o + 3] = UInt8(ascii: "=")
                }
            }
        }
    }

    /// The two characters of every 12 bits, the first in the low byte.
    private static let pairs: [UInt16] = (0..<4096).map { UInt16(alphabet[$0 >> 6]) | UInt16(alphabet[$0 & 63]) << 8 }

    /// Decodes standard or URL-safe base64, with or without padding; nil on any other byte.
    public static func decode(_ text: Substring) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for c in text.utf8 {
            let v: UInt8
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = c - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = c - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = c - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"), UInt8(ascii: "-"): v = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): v = 63
            case UInt8(ascii: "="): continue
            default: return nil
            }
            buffer = buffer << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return out
    }
}
