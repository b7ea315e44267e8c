import Testing
import Vocabulary

@testable import Digest

/// FIPS 180-4 example vectors (NIST "SHA256.pdf" and the long-message test) and RFC 4648 §10.
@Suite struct SHA256Tests {
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    @Test func nistVectors() {
        #expect(Self.hex(SHA256.hash("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Self.hex(SHA256.hash("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            Self.hex(SHA256.hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            Self.hex(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func blockBoundariesAgreeWithIncrementalUpdates() {
        // 55, 56 and 64 bytes straddle the padding boundary; split updates give the same digest.
        for n in [55, 56, 63, 64, 65, 119, 120] {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 * 7) }
            var h = SHA256()
            h.update(bytes.prefix(n / 3))
            h.update(bytes.dropFirst(n / 3))
            #expect(h.finish() == SHA256.hash(bytes), "\(n)")
        }
        #expect(
            Self.hex(SHA256.hash([UInt8](repeating: 0x61, count: 64)))
                == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }

    @Test func cspSourceIsBase64OfTheDigest() {
        #expect(SHA256.cspSource("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='")
        #expect(Base64.encode(Array("f".utf8)) == "Zg==")
        #expect(Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
    }

    /// The cache of sources is keyed by exact bytes: a block whose text is canonically equivalent
    /// to one hashed before (é precomposed and e + U+0301) has other bytes and another digest,
    /// as a browser computes it; a long block asked for again gets the same source.
    @Test func cspSourcesOfEquivalentTextsDifferByTheirBytes() {
        let precomposed = "p::after{content:\"\u{E9}\"}", decomposed = "p::after{content:\"e\u{301}\"}"
        #expect(precomposed == decomposed)
        for text in [precomposed, decomposed, precomposed] {
            #expect(SHA256.cspSource(text) == "'sha256-" + Base64.encode(SHA256.hash(Array(text.utf8))) + "'")
        }
        #expect(SHA256.cspSource(precomposed) != SHA256.cspSource(decomposed))
        let long = String(repeating: "a{b:c}", count: 5000)
        #expect(SHA256.cspSource(long) == SHA256.cspSource(String(repeating: "a{b:c}", count: 5000)))
        #expect(SHA256.cspSource(long) == "'sha256-" + Base64.encode(SHA256.hash(Array(long.utf8))) + "'")
    }

    /// `cspSource(utf8:)` is `cspSource` of the bytes' text, met first or found in the cache,
    /// for valid UTF-8 and for bytes that are not (the text then has U+FFFD where they were, and
    /// the digest is of that text, as before the bytes could be looked up themselves).
    @Test func cspSourceOfBytesIsThatOfTheirText() {
        var g = SplitMix64(seed: 7)
        let alphabet: [[UInt8]] = [[0x61], [0x7B], [0x22], [0xC3, 0xA9], [0x65, 0xCC, 0x81], [0xE2, 0x82, 0xAC], [0xFF], [0xC3], [0x80]]
        for round in 0..<400 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(g.next() % 40) { bytes += alphabet[Int(g.next() % UInt64(alphabet.count))] }
            let text = String(decoding: bytes, as: UTF8.self)
            let expected = "'sha256-" + Base64.encode(SHA256.hash(Array(text.utf8))) + "'"
            // Bytes first (a miss, then a hit), or the text first and then the bytes.
            if round.isMultiple(of: 2) {
                #expect(bytes.withUnsafeBufferPointer { SHA256.cspSource(utf8: $0) } == expected)
                #expect(bytes.withUnsafeBufferPointer { SHA256.cspSource(utf8: $0) } == expected)
            } else {
                #expect(SHA256.cspSource(text) == expected)
                #expect(bytes.withUnsafeBufferPointer { SHA256.cspSource(utf8: $0) } == expected)
            }
        }
    }
}

/// RFC 4231 test cases 1, 2 and 6 (a key longer than the block is hashed first).
@Suite struct HMACSHA256Tests {
    @Test func rfc4231Vectors() {
        #expect(
            HMACSHA256.hex(HMACSHA256.authenticationCode(key: [UInt8](repeating: 0x0b, count: 20), message: "Hi There".utf8))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(
            HMACSHA256.hex(HMACSHA256.authenticationCode(key: "Jefe".utf8, message: "what do ya want for nothing?".utf8))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(
            HMACSHA256.hex(
                HMACSHA256.authenticationCode(
                    key: [UInt8](repeating: 0xaa, count: 131),
                    message: "Test Using Larger Than Block-Size Key - Hash Key First".utf8))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }
}
