/// `LogPatterns.mask(_:)` for a first line of ASCII, on its bytes: the same rules in the same
/// order (see `LogPatterns`), where in ASCII a word character is a letter, a digit, `_` or `-`,
/// a letter is `A`–`Z` or `a`–`z` and a lower-case letter `a`–`z`. Nil when the line holds a
/// byte above 0x7F: the generic path, with its Unicode properties, takes it (issue 7).
enum ASCIIMask {
    /// The masked first line of `message` (up to `\n` or `\r`, at most `limit` bytes), or nil
    /// when that line is not ASCII.
    static func maskFirstLine(_ message: UnsafeBufferPointer<UInt8>, limit: Int) -> String? {
        var end = 0
        while end < message.count && end < limit {
            let b = message[end]
            if b == 0x0A || b == 0x0D { break }
            if b >= 0x80 { return nil }
            end += 1
        }
        let line = UnsafeBufferPointer(rebasing: message[0..<end])
        var out: [UInt8] = []
        out.reserveCapacity(end + 16)
        var i = 0
        while i < end {
            let c = line[i]
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                var close = i + 1
                while close < end && line[close] != c { close += 1 }
                if close < end {
                    out.append(c)
                    out.append(contentsOf: "<*>".utf8)
                    out.append(c)
                    i = close + 1
                    continue
                }
            }
            if isWord(c) {
                var j = i
                while j < end && (isWord(line[j]) || (line[j] == UInt8(ascii: ".") && j + 1 < end && isWord(line[j + 1]) && j > i)) {
                    j += 1
                }
                maskWord(UnsafeBufferPointer(rebasing: line[i..<j]), into: &out)
                i = j
                continue
            }
            out.append(c)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { isLower(b) || (b >= 0x41 && b <= 0x5A) }
    @inline(__always) static func isHex(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)
    }
    @inline(__always) static func isWord(_ b: UInt8) -> Bool {
        isDigit(b) || isLetter(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
    }

    /// `LogPatterns.maskWord(_:)` of the ASCII word `w`, appended to `out`.
    static func maskWord(_ w: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let n = w.count
        // A UUID: groups of 8-4-4-4-12 hex digits between hyphens.
        if n == 36, [8, 13, 18, 23].allSatisfy({ w[$0] == UInt8(ascii: "-") }),
            (0..<n).allSatisfy({ [8, 13, 18, 23].contains($0) || isHex(w[$0]) })
        {
            out.append(contentsOf: "<uuid>".utf8)
            return
        }
        if n > 2, w[0] == UInt8(ascii: "0"), w[1] == UInt8(ascii: "x") || w[1] == UInt8(ascii: "X"), w[2...].allSatisfy(isHex) {
            out.append(contentsOf: "<hex>".utf8)
            return
        }
        let unsigned = n > 0 && w[0] == UInt8(ascii: "-") ? w[1...] : w[0...]
        if let first = unsigned.first, let last = unsigned.last, isDigit(first), isDigit(last),
            unsigned.allSatisfy({ isDigit($0) || $0 == UInt8(ascii: ".") })
        {
            out.append(contentsOf: "<num>".utf8)
            return
        }
        let hasDigit = w.contains(where: isDigit)
        if n >= 8, hasDigit, w.allSatisfy(isHex) {
            out.append(contentsOf: "<hex>".utf8)
            return
        }
        let hasLetter = w.contains(where: isLetter)
        let hasLower = w.contains(where: isLower)
        if hasDigit && hasLetter && ((n >= 6 && !hasLower) || (n >= 16 && !w.contains(UInt8(ascii: ".")))) {
            out.append(contentsOf: "<id>".utf8)
            return
        }
        guard hasDigit else {
            out.append(contentsOf: w)
            return
        }
        var inDigits = false
        for b in w {
            if isDigit(b) {
                if !inDigits { out.append(contentsOf: "<num>".utf8) }
                inDigits = true
            } else {
                out.append(b)
                inDigits = false
            }
        }
    }
}
