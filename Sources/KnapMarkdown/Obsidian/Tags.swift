/// `#tag` and `#nested/tag` in body text.
///
/// A tag starts after the start of the text or white space, and holds
/// letters, digits, `_`, `-`, `/` and non-ASCII letters, with at least one
/// character that is not a digit.
enum Tags {
    /// Finds tags in one text run: (byte offset of `#`, byte length including `#`, name).
    static func scan(_ bytes: some Collection<UInt8>) -> [(offset: Int, length: Int, name: String)] {
        let array = Array(bytes)
        var found: [(Int, Int, String)] = []
        var index = 0
        while index < array.count {
            guard array[index] == UInt8(ascii: "#") else { index += 1; continue }
            if index > 0 {
                let previous = array[index - 1]
                guard previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t") || previous == UInt8(ascii: "(") else {
                    index += 1
                    continue
                }
            }
            var end = index + 1
            while end < array.count, isTagByte(array, at: end) { end += nextLength(array, at: end) }
            // A trailing `/` is not part of the tag.
            while end > index + 1, array[end - 1] == UInt8(ascii: "/") { end -= 1 }
            let name = String(decoding: array[(index + 1)..<end], as: UTF8.self)
            if !name.isEmpty, name.contains(where: { !$0.isNumber }) {
                found.append((index, end - index, name))
            }
            index = max(end, index + 1)
        }
        return found
    }

    private static func nextLength(_ bytes: [UInt8], at index: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x80 { return 1 }
        if byte >= 0xF0 { return 4 }
        if byte >= 0xE0 { return 3 }
        return 2
    }

    private static func isTagByte(_ bytes: [UInt8], at index: Int) -> Bool {
        let byte = bytes[index]
        if byte >= 0x80 {
            // A non-ASCII character: accept letters and marks, refuse punctuation and spaces.
            let length = nextLength(bytes, at: index)
            guard index + length <= bytes.count,
                  let scalar = String(decoding: bytes[index..<(index + length)], as: UTF8.self).unicodeScalars.first
            else { return false }
            let properties = scalar.properties
            return properties.isAlphabetic || properties.numericType != nil || properties.isEmojiPresentation
                || properties.generalCategory == .nonspacingMark || properties.generalCategory == .spacingMark
        }
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "/"):
            return true
        default:
            return false
        }
    }
}
