/// Heading anchors, as GitHub and Quartz make them: lower-cased, punctuation
/// removed, spaces turned into `-`, and `-1`, `-2` … added to repeats.
public struct Slugger: Sendable {
    private var seen: [String: Int] = [:]

    public init() {}

    /// The slug of `text` with no de-duplication.
    public static func slug(_ text: String) -> String {
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
        var candidate = base
        if let count = seen[base] {
            var next = count
            repeat {
                next += 1
                candidate = "\(base)-\(next)"
            } while seen[candidate] != nil
            seen[base] = next
        } else {
            seen[base] = 0
        }
        seen[candidate] = seen[candidate] ?? 0
        return candidate
    }
}
