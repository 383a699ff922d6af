/// Heading anchors, as GitHub and Quartz make them: lower-cased, punctuation
/// removed, spaces turned into `-`, and `-1`, `-2` … added to repeats.
public struct Slugger: Sendable {
    /// The slugs given, with how many repeats of each: in a list while a note has few headings
    /// (comparing is cheaper than hashing), in a dictionary past that.
    private var few: [(slug: String, count: Int)] = []
    private var seen: [String: Int] = [:]
    private static let fewLimit = 16

    public init() {}

    /// The slug of `text` with no de-duplication.
    public static func slug(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII: one pass over bytes.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte + 32)
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                     UInt8(ascii: "-"), UInt8(ascii: "_"): bytes.append(byte)
                case UInt8(ascii: " "): bytes.append(UInt8(ascii: "-"))
                default: continue
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.lowercased().unicodeScalars {
            if scalar == " " {
                out.append("-")
            } else if scalar == "-" || scalar == "_" {
                out.unicodeScalars.append(scalar)
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                        || scalar.properties.generalCategory == .nonspacingMark {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A slug unique among those this slugger has given.
    public mutating func unique(_ text: String) -> String {
        let base = Slugger.slug(text)
        guard let count = count(of: base) else {
            // The common case: a slug not seen yet, one look-up and one insert.
            set(base, 0)
            return base
        }
        var candidate = base
        var next = count
        repeat {
            next += 1
            candidate = "\(base)-\(next)"
        } while self.count(of: candidate) != nil
        set(base, next)
        set(candidate, 0)
        return candidate
    }

    private func count(of slug: String) -> Int? {
        if seen.isEmpty { return few.first(where: { $0.slug == slug })?.count }
        return seen[slug]
    }

    private mutating func set(_ slug: String, _ count: Int) {
        if seen.isEmpty {
            if let index = few.firstIndex(where: { $0.slug == slug }) {
                few[index].count = count
                return
            }
            if few.count < Self.fewLimit {
                few.append((slug, count))
                return
            }
            for (slug, count) in few { seen[slug] = count }
            few = []
        }
        seen[slug] = count
    }
}
