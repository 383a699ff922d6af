import Foundation
import KnapMarkdown

/// Finds the snippets of a parsed note: which fences run, which form one multi-file program,
/// and what each is expected to print. It reads the note's code blocks; it never parses Markdown.
public struct SnippetExtractor: Sendable {
    public var registry: RunnerRegistry
    /// Reads the expectations written in comments (with the vault's extra marker words).
    public var reader: ExpectationReader
    /// Which notes run all their snippets in a session (`knap.yaml`); frontmatter `verify:` wins.
    public var sessionDefaults = SessionDefaults()

    public init(registry: RunnerRegistry, outputMarkers: [String] = []) {
        self.registry = registry
        self.reader = ExpectationReader(extraMarkers: outputMarkers)
    }

    /// `text` is the note's text (for the blank lines between a fence and its output fence).
    public func extract(_ note: Note, text: String) -> (snippets: [Snippet], skipped: [SkippedBlock]) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // ```input fences feed stdin (SessionPlanner): they are neither snippets nor in the way of an output fence.
        let inputs = InputFences.remove(from: note.codeBlocks.filter(\.fenced), lines: &lines)
        let blocks = inputs.blocks
        var snippets: [Snippet] = []
        var skipped: [SkippedBlock] = []
        var usedOutputs = Set<Int>()
        var index = 0
        while index < blocks.count {
            let block = blocks[index]
            let headings = headingChain(note.headings, before: block.fenceLine)
            if block.language == "output" {
                if !usedOutputs.contains(index) {
                    skipped.append(SkippedBlock(path: note.path, line: block.fenceLine, language: "output",
                                                reason: "output fence with no snippet right before it", headings: headings))
                }
                index += 1
                continue
            }
            guard let runner = registry.runner(for: block.language) else {
                let reason = block.language.isEmpty ? "no language" : "no runner for \(block.language)"
                skipped.append(SkippedBlock(path: note.path, line: block.fenceLine, language: block.language,
                                            reason: reason, headings: headings))
                index += 1
                continue
            }

            // A fence that names a file starts a program; the next fences naming other files join it,
            // up to another language, an output fence, a heading, or a file name seen twice.
            var group = [block]
            var names: [String] = []
            if let name = fileName(block, runner: runner) {
                names.append(name)
                var next = index + 1
                while next < blocks.count, let nextRunner = registry.runner(for: blocks[next].language),
                      nextRunner.name == runner.name, let name = fileName(blocks[next], runner: nextRunner),
                      !names.contains(name),
                      !note.headings.contains(where: { $0.line > blocks[next - 1].endLine && $0.line < blocks[next].fenceLine }) {
                    group.append(blocks[next])
                    names.append(name)
                    next += 1
                }
            } else {
                names.append(runner.defaultFileName)
            }
            index += group.count

            var attributes = SnippetAttributes()
            for member in group { attributes.merge(SnippetAttributes(member.attributes)) }
            let files = zip(names, group).map { Snippet.File(name: $0, code: $1.code, firstLine: $1.line, block: $1) }
            let entryName = names.first { runner.entryNames.contains($0) } ?? (names.count == 1 ? names[0] : nil)
            let entry = entryName ?? runner.defaultFileName
            var problem: String?
            if entryName == nil {
                problem = "a multi-file program needs a \(runner.defaultFileName) (files: \(names.joined(separator: ", ")))"
            }
            if let bad = names.first(where: { !Self.isPlainFileName($0) }) {
                problem = "file=\(bad) is not a plain relative file name"
            }
            if !attributes.problems.isEmpty { problem = attributes.problems.joined(separator: "; ") }

            var expectation = Expectation.none
            var unread: [UnreadExpectation] = []
            if index < blocks.count, blocks[index].language == "output",
               onlyBlankLines(lines, after: group[group.count - 1].endLine, before: blocks[index].fenceLine) {
                // An output fence is the expectation; markers in the code are then plain comments.
                let output = blocks[index]
                let expected = Self.lines(of: output.code)
                expectation = Expectation(source: .outputFence(output), lines: expected,
                                          noteLines: expected.indices.map { output.line + $0 }, unordered: false)
                usedOutputs.insert(index)
            } else if let file = files.first(where: { $0.name == entry }) {
                let read = reader.read(file.code, firstLine: file.firstLine, prefix: runner.commentPrefix,
                                       readsPrints: runner.readsPrintsComments)
                expectation = read.expectation ?? .none
                unread = read.unread
                unread += unreadInOtherFiles(files, entry: entry, runner: runner)
            }
            if attributes.unordered { expectation.unordered = true }
            if problem == nil, !unread.isEmpty {
                problem = unread.map { "line \($0.line): \($0.message) (unread-expectation)" }.joined(separator: "; ")
            }

            snippets.append(Snippet(path: note.path, line: block.fenceLine, language: block.language, files: files,
                                    entry: entry, attributes: attributes, expectation: expectation, headings: headings,
                                    problem: problem, unread: unread))
        }
        let planner = SessionPlanner(registry: registry)
        let transcripts = ShellTranscriptRun.snippets(from: &skipped, note: note)
        return (planner.plan(snippets, inputs: inputs.inputs, sessionMode: sessionMode(note)) + transcripts, skipped)
    }

    /// Markers in a file other than the entry: the program's output is read from the entry file
    /// only, so each is reported rather than silently left out.
    func unreadInOtherFiles(_ files: [Snippet.File], entry: String, runner: any Runner) -> [UnreadExpectation] {
        files.filter { $0.name != entry }.compactMap { file in
            let read = reader.read(file.code, firstLine: file.firstLine, prefix: runner.commentPrefix,
                                   readsPrints: runner.readsPrintsComments)
            guard let line = read.expectation?.noteLines.first ?? read.unread.first?.line else { return nil }
            return UnreadExpectation(line: line, message: "expected output in \(file.name) is not read: markers count only in "
                                         + "the program's entry file, \(entry)")
        }
    }

    /// `file=NAME`, or a first line that is only a comment naming a file (`// main.swift`, `# helper.py`).
    func fileName(_ block: CodeBlock, runner: any Runner) -> String? {
        if let name = block.attribute("file"), !name.isEmpty { return name }
        guard let first = block.code.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first else { return nil }
        var text = first.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix(runner.commentPrefix) else { return nil }
        text = String(text.dropFirst(runner.commentPrefix.count)).trimmingCharacters(in: .whitespaces)
        guard runner.fileExtensions.contains(where: { text.hasSuffix("." + $0) }), Self.isPlainFileName(text) else { return nil }
        return text
    }

    /// A relative name that stays inside the snippet's folder: letters, digits, `_-./`, no `..`.
    static func isPlainFileName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix("/") && !name.split(separator: "/").contains("..")
            && name.allSatisfy { $0.isLetter || $0.isNumber || "_-./".contains($0) }
    }

    /// A block's lines, without the final newline's empty line.
    static func lines(of code: String) -> [String] {
        // `\r\n` is one Character in Swift: it ends a line too.
        var lines = code.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    private func onlyBlankLines(_ lines: [Substring], after: Int, before: Int) -> Bool {
        guard before > after else { return false }
        for number in (after + 1)..<before {
            let index = number - 1
            guard index >= 0, index < lines.count else { return false }
            var line = lines[index]
            // A fence inside a quote or callout: the `>` markers do not count as content.
            while let first = line.first, first == " " || first == "\t" || first == ">" || first == "\r" { line = line.dropFirst() }
            if !line.isEmpty { return false }
        }
        return true
    }

    private func headingChain(_ headings: [Heading], before line: Int) -> [String] {
        var chain: [Heading] = []
        for heading in headings where heading.line < line {
            while let last = chain.last, last.level >= heading.level { chain.removeLast() }
            chain.append(heading)
        }
        return chain.map(\.text)
    }
}
