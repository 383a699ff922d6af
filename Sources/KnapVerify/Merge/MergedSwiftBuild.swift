import Foundation

/// Compiles mergeable Swift snippets together, in modules of at most ``chunkSize`` snippets, with
/// one whole-module `swiftc` each. When a module does not compile, the snippets its errors point
/// at are left out and the rest is compiled once more; if that fails too, every snippet of the
/// module takes the standalone path. Built binaries go in the binary cache, so a second run with
/// nothing changed compiles nothing.
struct MergedSwiftBuild {
    let toolchain: String
    let binaryCache: BinaryCache?
    /// Where binaries go when there is no cache; removed by the caller after the run.
    let scratch: String
    let environment: [String: String]
    let compileTimeout: Double
    /// The sandbox swiftc runs in; nil with `--no-sandbox`.
    var isolation: SnippetIsolation?

    static let chunkSize = 40
    static let flags = ["-wmo"] + SwiftRunner.flags

    /// Builds the module for `snippets` (indices are the caller's); returns the snippets that got a binary.
    func build(_ snippets: [(index: Int, snippet: Snippet)]) -> [Int: PreparedBinary] {
        var candidates = snippets
        for _ in 0..<2 {
            guard candidates.count >= 2 else { return [:] }
            let program = SwiftMerger.program(candidates.map(\.snippet))
            let key = SHA256.hex(Array(("merged\n\(toolchain)\n\(Self.flags)\n" + program.source).utf8))
            if let cached = binaryCache?.binary(for: key) { return prepared(candidates, at: cached) }
            switch compile(program, key: key) {
            case .built(let path):
                return prepared(candidates, at: path)
            case .failed(let blamed):
                if blamed.isEmpty { return [:] }
                candidates = candidates.enumerated().filter { !blamed.contains($0.offset) }.map(\.element)
            }
        }
        return [:]
    }

    private func prepared(_ candidates: [(index: Int, snippet: Snippet)], at path: String) -> [Int: PreparedBinary] {
        var result: [Int: PreparedBinary] = [:]
        for (offset, candidate) in candidates.enumerated() {
            result[candidate.index] = PreparedBinary(path: path, selector: String(offset))
        }
        return result
    }

    enum Outcome {
        case built(String)
        /// Offsets (into the merged snippets) that the compiler's errors point at.
        case failed(Set<Int>)
    }

    private func compile(_ program: SwiftMerger.Program, key: String) -> Outcome {
        let directory = scratch + "/merge-" + key.prefix(16)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(program.source.utf8).write(to: URL(fileURLWithPath: directory + "/main.swift"))
        } catch {
            return .failed([])
        }
        guard let swiftc = Toolchain.resolve("swiftc", path: environment["PATH"]) else { return .failed([]) }
        let binary = directory + "/merged"
        let outcome = try? SandboxedProcess.run(executable: swiftc,
                                                arguments: (isolation?.swiftArguments ?? []) + Self.flags + ["-o", binary, directory + "/main.swift"],
                                                environment: isolation?.toolEnvironment(directory: directory, from: environment) ?? environment,
                                                directory: directory, limits: .compiler(timeout: compileTimeout), homeIsPrivate: false,
                                                sandbox: isolation?.toolSandbox)
        guard let outcome else { return .failed([]) }
        if outcome.succeeded {
            if let cached = binaryCache?.store(binary, key: key) {
                try? FileManager.default.removeItem(atPath: directory)
                return .built(cached)
            }
            return .built(binary)
        }
        var blamed = Set<Int>()
        let text = String(decoding: outcome.stderr + outcome.stdout, as: UTF8.self)
        let marker = directory + "/main.swift:"
        for line in text.split(separator: "\n") where line.contains(": error:") {
            guard let range = line.range(of: marker) else { continue }
            let digits = line[range.upperBound...].prefix { $0.isNumber }
            if let number = Int(digits), number >= 1, number <= program.owners.count, let owner = program.owners[number - 1] {
                blamed.insert(owner)
            }
        }
        return .failed(blamed)
    }
}
