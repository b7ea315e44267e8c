import TelemetryModel
import Vocabulary

/// The most frequent message patterns of a snapshot's log records (issue 14): each message's
/// first line with its variable parts masked, so "Receive ListRecommendations for product ids:
/// ['OLJCESPC7Z', '66VCHSJNUP']" and the same line with other ids count as one pattern.
///
/// `mask(_:)` replaces, in this order:
/// 1. quoted text — `"…"` and `'…'` closed on the same line — by `"<*>"` / `'<*>'`;
/// 2. each word (a run of letters, digits, `_`, `-`, and `.` between two of those):
///    - a UUID (8-4-4-4-12 hex digits) by `<uuid>`;
///    - `0x` and hex digits by `<hex>`;
///    - a number (digits with `.` between them, optionally a leading `-`: `42`, `3.14`,
///      `10.0.0.1`) by `<num>`;
///    - hex digits only, at least 8 of them and at least one digit (trace ids, hashes) by `<hex>`;
///    - an id: at least 6 characters with letters and digits and no lower-case letter
///      (`OLJCESPC7Z`), or at least 16 characters with a digit and no `.` (a host name is
///      not an id), by `<id>`;
///    - otherwise every run of digits inside the word by `<num>` (`250ms` → `<num>ms`,
///      `user42` → `user<num>`).
/// Only the first line of a message counts, cut to 300 Unicode scalars.
public enum LogPatterns {
    public struct Pattern: Sendable, Equatable {
        public var pattern: String
        public var count: Int
        public var firstSeen: Int64
        public var lastSeen: Int64
        /// Services of the records, sorted.
        public var services: [String]
        /// The first record's index in the snapshot's log table (an example to show and link).
        public var example: Int
    }

    public static let lineLimit = 300

    /// Patterns by count descending, then pattern text; at most `limit`.
    public static func top(_ snapshot: Snapshot, limit: Int = 50) -> [Pattern] {
        let logs = snapshot.logs
        let names = snapshot.serviceNamesByResource
        // Messages repeat: each distinct message is masked once, the distinct ones on every core.
        // A string body is known by its id in the log table's strings (the table holds each text
        // once, so equal ids are equal texts) and masked from the table's bytes: no `String` made
        // and hashed for every record. A body of another kind whose text equals a string body's
        // is masked on its own, to the same pattern.
        var distinct: [String: Int] = [:]
        var messageOfID = [Int32](repeating: -1, count: logs.strings.count)
        var messages: [Message] = []
        var messageOf = [Int](repeating: 0, count: logs.count)
        for i in logs.indices {
            if case .string(let id) = logs.bodies[i] {
                if messageOfID[Int(id)] < 0 {
                    messageOfID[Int(id)] = Int32(messages.count)
                    messages.append(.id(id))
                }
                messageOf[i] = Int(messageOfID[Int(id)])
                continue
            }
            let message = logs.message(at: i)
            if let k = distinct[message] {
                messageOf[i] = k
            } else {
                distinct[message] = messages.count
                messageOf[i] = messages.count
                messages.append(.text(message))
            }
        }
        let masked = Parallel.map(messages.count) { m in
            switch messages[m] {
            case .id(let id): logs.strings.withUTF8(of: id) { maskedFirstLine($0) }
            case .text(let text): maskedFirstLine(text)
            }
        }
        // Each distinct message's pattern is looked up once, and a record's services kept by
        // their numbers (`ServiceNameTable`): with a message per record (an id in each) a
        // pattern's text and a service's name hashed for every record, and a `String` per
        // record, were most of this step (issue 7).
        var byPattern: [String: Int] = [:]
        var patternOf = [Int](repeating: -1, count: messages.count)
        var patterns: [Pattern] = []
        var services: [Set<UInt32>] = []
        for i in logs.indices {
            let t = logs.timestamp(at: i)
            var k = patternOf[messageOf[i]]
            if k < 0 {
                let key = masked[messageOf[i]]
                if let known = byPattern[key] {
                    k = known
                } else {
                    k = patterns.count
                    byPattern[key] = k
                    patterns.append(Pattern(pattern: key, count: 0, firstSeen: t, lastSeen: t, services: [], example: i))
                    services.append([])
                }
                patternOf[messageOf[i]] = k
            }
            patterns[k].count += 1
            patterns[k].firstSeen = min(patterns[k].firstSeen, t)
            patterns[k].lastSeen = max(patterns[k].lastSeen, t)
            services[k].insert(names.number(logs.resourceIndexes[i]))
        }
        for k in patterns.indices { patterns[k].services = services[k].map { names[Int32($0)] }.sorted() }
        return Array(patterns.sorted { $0.count != $1.count ? $0.count > $1.count : $0.pattern < $1.pattern }.prefix(limit))
    }

    /// A distinct message: a string body by its id in the log table's strings, or the text of
    /// a body of another kind.
    enum Message {
        case id(UInt32)
        case text(String)
    }

    /// `mask(firstLine(message))`, by bytes when the first line is ASCII (`ASCIIMask`): the
    /// generic path makes a `String` of each word and asks Unicode properties of each
    /// character, and on the simulated demo's logs (many distinct messages, each with its ids)
    /// it was a tenth of a render's CPU (issue 7). Both give the same text for every ASCII line
    /// (`LogPatternsTests` compares them on random lines).
    static func maskedFirstLine(_ message: String) -> String {
        var message = message
        return message.withUTF8 { maskedFirstLine($0) }
    }

    /// `maskedFirstLine` of a message's UTF-8 bytes (a string body read from the log table's
    /// bytes, with no `String` made of it on the ASCII path).
    static func maskedFirstLine(_ utf8: UnsafeBufferPointer<UInt8>) -> String {
        ASCIIMask.maskFirstLine(utf8, limit: lineLimit) ?? mask(firstLine(String(decoding: utf8, as: UTF8.self)))
    }

    /// Up to the first line break, at most `lineLimit` Unicode scalars.
    static func firstLine(_ s: String) -> String {
        var view = String.UnicodeScalarView()
        var n = 0
        for c in s.unicodeScalars {
            if c == "\n" || c == "\r" || n == lineLimit { break }
            view.append(c)
            n += 1
        }
        return String(view)
    }

    /// Works on Unicode scalars (no grapheme breaking): a page masks every distinct message.
    public static func mask(_ text: String) -> String {
        let chars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        func isWordChar(_ c: Unicode.Scalar) -> Bool {
            if c.isASCII {
                let v = c.value
                return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x5F || v == 0x2D
            }
            return c.properties.isAlphabetic || c.properties.numericType != nil
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\"" || c == "'" {
                if let close = chars[(i + 1)...].firstIndex(of: c) {
                    out.append(c)
                    out.append(contentsOf: "<*>".unicodeScalars)
                    out.append(c)
                    i = close + 1
                    continue
                }
            }
            if isWordChar(c) {
                var j = i
                while j < chars.count
                    && (isWordChar(chars[j]) || (chars[j] == "." && j + 1 < chars.count && isWordChar(chars[j + 1]) && j > i))
                {
                    j += 1
                }
                var word = String.UnicodeScalarView()
                word.append(contentsOf: chars[i..<j])
                out.append(contentsOf: maskWord(String(word)).unicodeScalars)
                i = j
                continue
            }
            out.append(c)
            i += 1
        }
        return String(out)
    }

    static func maskWord(_ w: String) -> String {
        let scalars = Array(w.unicodeScalars)
        func isHex(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) || ("a"..."f").contains(s) || ("A"..."F").contains(s) }
        func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
        let groups = w.split(separator: "-", omittingEmptySubsequences: false)
        if groups.map(\.count) == [8, 4, 4, 4, 12], groups.allSatisfy({ $0.unicodeScalars.allSatisfy(isHex) }) { return "<uuid>" }
        if scalars.count > 2, scalars[0] == "0", scalars[1] == "x" || scalars[1] == "X", scalars[2...].allSatisfy(isHex) { return "<hex>" }
        let unsigned = scalars.first == "-" ? Array(scalars.dropFirst()) : scalars
        if !unsigned.isEmpty, isDigit(unsigned.first!), isDigit(unsigned.last!), unsigned.allSatisfy({ isDigit($0) || $0 == "." }) {
            return "<num>"
        }
        let hasDigit = scalars.contains(where: isDigit)
        if scalars.count >= 8, hasDigit, scalars.allSatisfy(isHex) { return "<hex>" }
        let hasLetter = w.contains { $0.isLetter }
        let hasLower = w.contains { $0.isLowercase }
        if hasDigit && hasLetter && ((scalars.count >= 6 && !hasLower) || (scalars.count >= 16 && !w.contains("."))) { return "<id>" }
        guard hasDigit else { return w }
        var out = ""
        var inDigits = false
        for s in w.unicodeScalars {
            if isDigit(s) {
                if !inDigits { out += "<num>" }
                inDigits = true
            } else {
                out.unicodeScalars.append(s)
                inDigits = false
            }
        }
        return out
    }
}
