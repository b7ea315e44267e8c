/// Element and attribute names as strings, by the address of libxml2's text for them.
///
/// Why: the walk made a `String` of every element's and attribute's name (`String(cString:)`
/// measures, validates and copies each), a few hundred thousand on a large report, where a page
/// has a few dozen distinct names. The parser keeps names in its dictionary, one copy per
/// distinct name, so the same address is the same name; a slot keeps the last address that fell
/// in it. An address that is not in the dictionary is text that stays put while the tree lives,
/// so an address seen before still spells what it did (issue 7).
struct NameCache {
    private var addresses = [UnsafePointer<UInt8>?](repeating: nil, count: 256)
    private var strings = [String](repeating: "", count: 256)
    /// What the rules need to know of each name as an attribute's, worked out with it.
    private var traits = [AttributeTraits](repeating: [], count: 256)

    mutating func string(_ text: UnsafePointer<UInt8>) -> String {
        attribute(text).name
    }

    /// The name and what it is as an attribute's name (`AttributeTraits`): the rules then test
    /// bits instead of comparing and hashing the name for every attribute of a page.
    mutating func attribute(_ text: UnsafePointer<UInt8>) -> (name: String, traits: AttributeTraits) {
        // The address's bits mixed by a multiply: the dictionary packs its names a few bytes
        // apart, so its low bits put neighbours in one slot, where they kept evicting each other
        // (most of the walk's names were made again: 389 instructions a lookup on a 500k report).
        let slot = Int(truncatingIfNeeded: (UInt64(UInt(bitPattern: text)) &* 0x9E37_79B9_7F4A_7C15) >> 56)
        if addresses[slot] == text { return (strings[slot], traits[slot]) }
        let made = String(cString: text)
        let kind = AttributeTraits(name: made)
        addresses[slot] = text
        strings[slot] = made
        traits[slot] = kind
        return (made, kind)
    }
}
