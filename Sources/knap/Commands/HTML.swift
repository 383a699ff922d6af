import ArgumentParser
import KnapMarkdown

struct HTML: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "html",
        abstract: "Print one note's HTML body, with Obsidian's features drawn simply."
    )

    @Argument(help: "The note to render.")
    var file: String

    @Flag(help: "Turn every Obsidian feature off and print exactly what libcmark renders.")
    var commonmark = false

    @Flag(help: "Keep raw HTML from the note (it is escaped, or omitted with --commonmark, by default).")
    var unsafeHTML = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        output.apply()
        let (bytes, firstInvalidByte): ([UInt8], SourceLocation?)
        do {
            (bytes, firstInvalidByte) = try NoteParser.readBytes(file)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        if commonmark {
            Terminal.raw(CommonMark.renderHTML(String(decoding: bytes, as: UTF8.self), unsafe: unsafeHTML))
            return
        }
        // A large note is parsed and drawn in two halves at once, on two cores.
        let large = bytes.count >= TwoWay.minimumBytes
        let note = NoteParser.parse(bytes: bytes, path: file, split: large, firstInvalidByte: firstInvalidByte)
        var options = HTMLOptions()
        options.unsafeHTML = unsafeHTML
        options.headingIDs = note.headings.map(\.slug)
        for chunk in HTMLRenderer.renderChunks(note.document, options: options, split: large) { Terminal.bytes(chunk) }
        Terminal.diagnostics(note.diagnostics)
        // The tree of a large note takes long to free, and the process ends here anyway.
        Terminal.exitNow(0)
    }
}
