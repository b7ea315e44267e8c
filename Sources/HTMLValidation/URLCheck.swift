import Vocabulary

/// How a URL written in a page behaves when the page is opened from disk.
///
/// Browsers strip leading and trailing C0 controls and spaces from a URL and remove tabs and
/// newlines anywhere in it (WHATWG URL, "basic URL parser"), and treat `\` like `/` in
/// `http:`-like URLs, so `java\tscript:` and `\\host/x` are caught the way a browser reads them.
enum URLCheck {
    /// The value as a browser's URL parser sees it.
    static func normalized(_ value: String) -> String {
        // Nearly every URL of a report has nothing to strip: it is returned as it is, found so
        // on its UTF-8 bytes (scalars up to U+0020 are single bytes), instead of rebuilt scalar
        // by scalar three times for each link when the report's links are resolved.
        let plain = value.utf8.withContiguousStorageIfAvailable { bytes in
            guard let first = bytes.first, let last = bytes.last, first > 0x20, last > 0x20 else { return false }
            return !bytes.contains { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        }
        if plain == true { return value }
        var scalars = String.UnicodeScalarView()
        for scalar in value.unicodeScalars where scalar != "\t" && scalar != "\n" && scalar != "\r" {
            scalars.append(scalar)
        }
        var text = Substring(String(scalars))
        while let first = text.unicodeScalars.first, first.value <= 0x20 { text = text.dropFirst() }
        while let last = text.unicodeScalars.last, last.value <= 0x20 { text = text.dropLast() }
        return String(text)
    }

    /// The lowercased scheme (`https`, `javascript`…) when the value starts with one.
    ///
    /// Read on the UTF-8 bytes, as the URL parser reads code points: the scheme is the ASCII
    /// run before the first `:`. Searching the `String` for a `Character` ":" instead cost about
    /// 5,000 instructions a link (grapheme breaking over every byte), a percent of a render's
    /// page checks (issue 7), and missed a `:` that a combining mark follows, which a browser
    /// still reads as the scheme's end (`javascript:\u{301}…`).
    static func scheme(of value: String) -> String? {
        var text = normalized(value)
        return text.withUTF8 { bytes -> String? in
            guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0, isASCIILetter(bytes[0]) else { return nil }
            for byte in bytes[1..<colon] where !isSchemeByte(byte) { return nil }
            return String(decoding: bytes[..<colon].map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
        }
    }

    /// `//host/…` (or a backslash variant): another host, with the page's own scheme.
    /// On bytes, like `scheme(of:)`.
    static func isSchemeRelative(_ value: String) -> Bool {
        var text = normalized(value)
        return text.withUTF8 { bytes in
            func isSlash(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "/") || byte == UInt8(ascii: "\\") }
            return bytes.count >= 2 && isSlash(bytes[0]) && isSlash(bytes[1])
        }
    }

    /// A `javascript:` URL, forbidden everywhere: a strict CSP blocks it and it hides code.
    static func isJavaScript(_ value: String) -> Bool {
        scheme(of: value) == "javascript"
    }

    /// Whether fetching the value as a resource (`src`, `<link href>`, CSS `url()`) would reach
    /// outside the report: any scheme other than the self-contained `data:`, `blob:` and
    /// `about:` (so `http:`, `https:`, `file:`, `ftp:` …), or a scheme-relative `//host` URL.
    static func loadsFromOutside(_ value: String) -> Bool {
        if isSchemeRelative(value) { return true }
        guard let scheme = scheme(of: value) else { return false }
        return !["data", "blob", "about", "javascript"].contains(scheme)
    }

    /// The URLs a piece of CSS would fetch: every `url(…)` and every `@import "…"`, with the
    /// UTF-8 offset of the URL text within `css`.
    static func cssURLs(in css: String) -> [(url: String, offset: Int)] {
        // Neither `url(` nor `@import` without its `(` or `@`: most CSS checked is a chart bar's
        // `style` (`left:12.5%;width:3.4%`), thousands a page, which needs no further look.
        guard css.utf8.contains(where: { $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: "@") }) else { return [] }
        let bytes = Array(css.utf8)
        var found: [(url: String, offset: Int)] = []
        var index = 0
        func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }
        let url = Array("url(".utf8), importRule = Array("@import".utf8)
        func matches(_ pattern: [UInt8], at position: Int) -> Bool {
            guard position + pattern.count <= bytes.count else { return false }
            for offset in 0..<pattern.count where lower(bytes[position + offset]) != pattern[offset] { return false }
            return true
        }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C }
        /// Reads a quoted string or, when `unquotedUntil` is set, an unquoted run up to it.
        func readValue(from start: Int, unquotedUntil stop: UInt8?) -> (String, Int)? {
            var position = start
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
            guard position < bytes.count else { return nil }
            let quote = bytes[position]
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                let valueStart = position + 1
                var end = valueStart
                while end < bytes.count, bytes[end] != quote { end += 1 }
                return (String(decoding: bytes[valueStart..<end], as: UTF8.self), valueStart)
            }
            guard let stop else { return nil }
            var end = position
            while end < bytes.count, bytes[end] != stop { end += 1 }
            var trimmedEnd = end
            while trimmedEnd > position, isSpace(bytes[trimmedEnd - 1]) { trimmedEnd -= 1 }
            return (String(decoding: bytes[position..<trimmedEnd], as: UTF8.self), position)
        }
        while index < bytes.count {
            if matches(url, at: index), index == 0 || !isNameByte(bytes[index - 1]) {
                if let (url, offset) = readValue(from: index + 4, unquotedUntil: UInt8(ascii: ")")) {
                    found.append((url, offset))
                }
                index += 4
            } else if matches(importRule, at: index) {
                if let (url, offset) = readValue(from: index + 7, unquotedUntil: nil) {
                    found.append((url, offset))
                }
                index += 7
            } else {
                index += 1
            }
        }
        return found
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// A letter, a digit, `+`, `-` or `.`: what a scheme holds after its first letter.
    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ".")
    }

    /// Decodes `%XX` escapes (UTF-8), leaving malformed ones as written.
    static func percentDecoded(_ text: Substring) -> String {
        // On the bytes: Foundation's `contains` searched as text, a third of resolving links.
        guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        var bytes: [UInt8] = []
        let source = Array(text.utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "%"), index + 2 < source.count,
                let high = HexDigit.value(source[index + 1]), let low = HexDigit.value(source[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
