import ArgumentParser
import Foundation

/// `--color`, `--quiet` and `--verbose`, which every command takes.
struct OutputOptions: ParsableArguments {
    enum ColorChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
        case auto, always, never
    }

    @Option(help: "Colour: auto (on a terminal, unless NO_COLOR is set), always or never. JSON never has any.")
    var color: ColorChoice = .auto

    @Flag(name: .shortAndLong, help: "Print only errors (and verify's closing count line).")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print more: every file written and removed (render), every snippet's details.")
    var verbose = false

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be given together") }
    }

    /// Sets how ``Terminal`` writes, for the rest of the run.
    func apply() {
        Terminal.configure(Terminal.Style(
            colorOut: Self.colors(color, descriptor: STDOUT_FILENO),
            colorError: Self.colors(color, descriptor: STDERR_FILENO),
            quiet: quiet))
    }

    static func colors(_ choice: ColorChoice, descriptor: Int32) -> Bool {
        switch choice {
        case .always: true
        case .never: false
        case .auto: isatty(descriptor) == 1 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        }
    }
}
