/// A unified diff of two line lists, `--- expected` / `+++ actual`, with three lines of context.
public enum UnifiedDiff {
    public static func make(expected: [String], actual: [String], context: Int = 3) -> String {
        let edits = script(expected, actual)
        guard edits.contains(where: { $0.kind != .same }) else { return "" }
        var out = ["--- expected", "+++ actual"]
        // Group edits into hunks separated by more than 2 * context unchanged lines.
        var index = 0
        while index < edits.count {
            guard let firstChange = edits[index...].firstIndex(where: { $0.kind != .same }) else { break }
            let start = max(firstChange - context, index)
            var end = firstChange
            var lastChange = firstChange
            while end < edits.count {
                if edits[end].kind != .same { lastChange = end }
                if end - lastChange > 2 * context { break }
                end += 1
            }
            let stop = min(lastChange + context + 1, edits.count)
            let hunk = edits[start..<stop]
            let oldStart = (hunk.first?.old ?? 0) + 1
            let newStart = (hunk.first?.new ?? 0) + 1
            let oldCount = hunk.filter { $0.kind != .insert }.count
            let newCount = hunk.filter { $0.kind != .delete }.count
            out.append("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@")
            for edit in hunk {
                switch edit.kind {
                case .same: out.append(" " + edit.text)
                case .delete: out.append("-" + edit.text)
                case .insert: out.append("+" + edit.text)
                }
            }
            index = stop
        }
        return out.joined(separator: "\n")
    }

    struct Edit {
        enum Kind { case same, delete, insert }
        var kind: Kind
        var text: String
        /// Positions in the old and new lists before this edit.
        var old: Int
        var new: Int
    }

    /// An edit script by longest common subsequence on the part between the common prefix and
    /// suffix; when that part is too large, all of it is replaced.
    static func script(_ a: [String], _ b: [String]) -> [Edit] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        var edits: [Edit] = (0..<prefix).map { Edit(kind: .same, text: a[$0], old: $0, new: $0) }
        let midA = Array(a[prefix..<(a.count - suffix)]), midB = Array(b[prefix..<(b.count - suffix)])
        var i = 0, j = 0
        if midA.count * midB.count <= 4_000_000 {
            var table = [[Int]](repeating: [Int](repeating: 0, count: midB.count + 1), count: midA.count + 1)
            if !midA.isEmpty && !midB.isEmpty {
                for x in stride(from: midA.count - 1, through: 0, by: -1) {
                    for y in stride(from: midB.count - 1, through: 0, by: -1) {
                        table[x][y] = midA[x] == midB[y] ? table[x + 1][y + 1] + 1 : max(table[x + 1][y], table[x][y + 1])
                    }
                }
            }
            while i < midA.count || j < midB.count {
                if i < midA.count, j < midB.count, midA[i] == midB[j] {
                    edits.append(Edit(kind: .same, text: midA[i], old: prefix + i, new: prefix + j)); i += 1; j += 1
                } else if i < midA.count, j == midB.count || table[i + 1][j] >= table[i][j + 1] {
                    edits.append(Edit(kind: .delete, text: midA[i], old: prefix + i, new: prefix + j)); i += 1
                } else {
                    edits.append(Edit(kind: .insert, text: midB[j], old: prefix + i, new: prefix + j)); j += 1
                }
            }
        } else {
            for x in midA.indices { edits.append(Edit(kind: .delete, text: midA[x], old: prefix + x, new: prefix)) }
            for y in midB.indices { edits.append(Edit(kind: .insert, text: midB[y], old: prefix + midA.count, new: prefix + y)) }
            i = midA.count; j = midB.count
        }
        for k in 0..<suffix {
            edits.append(Edit(kind: .same, text: a[a.count - suffix + k], old: prefix + i + k, new: prefix + j + k))
        }
        return edits
    }
}
