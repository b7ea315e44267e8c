/// RFC 3986 percent-encoding of everything but the unreserved characters (`A–Z a–z 0–9 - . _ ~`),
/// byte by byte of UTF-8, with upper-case hex digits. One definition for the two places text
/// goes into a URL: the report's own links (`traces.html?where=…` from findings, the service map
/// and exceptions) and the query strings sent to Prometheus and OpenSearch.
public enum PercentEncoding {
    public static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return out
    }
}
