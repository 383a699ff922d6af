/// Colours one line of text output for a terminal: errors red, warnings yellow, PASS green, FAIL
/// red, the file position of a diagnostic bold. The line is already escaped (``Terminal/escaped(_:)``),
/// so the only control sequences in the result are these.
enum Painter {
    static let red = "\u{1B}[31m", green = "\u{1B}[32m", yellow = "\u{1B}[33m", bold = "\u{1B}[1m", reset = "\u{1B}[0m"

    static func paint(_ line: String) -> String {
        for (word, colour) in [("PASS ", green), ("FAIL ", red), ("error: ", red), ("warning: ", yellow)]
        where line.hasPrefix(word) {
            return "\(colour)\(word.dropLast())\(reset) \(line.dropFirst(word.count))"
        }
        for (word, colour) in [(": error: ", red), (": warning: ", yellow)] {
            if let range = line.range(of: word) {
                let place = line[..<range.lowerBound]
                let severity = word.dropFirst(2).dropLast(2)
                return "\(bold)\(place)\(reset): \(colour)\(severity)\(reset): \(line[range.upperBound...])"
            }
        }
        return line
    }
}
