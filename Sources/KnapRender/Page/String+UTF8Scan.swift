extension String {
    /// Whether any UTF-8 byte of the string satisfies `predicate`, read from the string's own
    /// storage when it is contiguous (much faster than going through `UTF8View`'s indices).
    func containsUTF8Byte(where predicate: (UInt8) -> Bool) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(where: predicate) } ?? utf8.contains(where: predicate)
    }
}
