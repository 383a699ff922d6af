/// The runners Knap knows, by fence language.
public struct RunnerRegistry: Sendable {
    public private(set) var runners: [any Runner]

    public init(_ runners: [any Runner]) {
        self.runners = runners
    }

    /// Swift, Python, sh and bash.
    public static let standard = RunnerRegistry([SwiftRunner(), PythonRunner(), ShellRunner.sh, ShellRunner.bash])

    public func runner(for language: String) -> (any Runner)? {
        let key = language.lowercased()
        return runners.first { $0.languages.contains(key) }
    }

    public func runner(named name: String) -> (any Runner)? {
        runners.first { $0.name == name }
    }
}
