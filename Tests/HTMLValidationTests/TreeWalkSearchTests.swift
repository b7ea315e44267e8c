import Testing
import Vocabulary

@testable import HTMLValidation

/// `TreeWalk.contains` jumps to a byte of the needle with one case and compares around it; it
/// must agree with a byte-by-byte comparison at every position, in both cases, including
/// needles at the very start and end and needles made only of letters.
struct TreeWalkSearchTests {
    static func reference(_ text: String, _ needle: String, ignoringASCIICase: Bool) -> Bool {
        let t = Array(text.utf8), p = Array(needle.utf8)
        let fold: (UInt8) -> UInt8 = { ignoringASCIICase && $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        guard t.count >= p.count else { return false }
        for start in 0...(t.count - p.count) where (0..<p.count).allSatisfy({ fold(t[start + $0]) == p[$0] }) { return true }
        return false
    }

    @Test func agreesWithAByteByByteSearch() {
        let alphabet = Array("urlURL(@impORTx )é".unicodeScalars)
        var rng = SplitMix64(seed: 5)
        var found = 0
        for _ in 0..<4000 {
            var text = ""
            for _ in 0..<Int(rng.next() % 40) { text.unicodeScalars.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            for fold in [false, true] {
                let cases: [(StaticString, String)] = [("url(", "url("), ("@import", "@import"), ("url", "url"), ("(", "(")]
                for (needle, plain) in cases {
                    let expected = Self.reference(text, plain, ignoringASCIICase: fold)
                    #expect(
                        TreeWalk.contains(text, needle, ignoringASCIICase: fold) == expected, "\(text.debugDescription) \(plain) \(fold)")
                    if expected { found += 1 }
                }
            }
        }
        #expect(found > 1000)
        #expect(TreeWalk.contains("URL(", "url(", ignoringASCIICase: true))
        #expect(!TreeWalk.contains("URL(", "url("))
        #expect(TreeWalk.contains("a{x:y}@IMPORT", "@import", ignoringASCIICase: true))
        #expect(!TreeWalk.contains("@impor", "@import", ignoringASCIICase: true))
        #expect(TreeWalk.contains("", ""))
    }
}
