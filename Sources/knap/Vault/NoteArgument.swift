import ArgumentParser
import KnapVault

/// `NOTE` on the command line, looked up in the index.
enum NoteArgument {
    static func path(of name: String, in index: VaultIndex) throws -> String {
        switch try orFail({ () throws(IndexError) in try index.note(named: name) }) {
        case .success(let path):
            return path
        case .failure(let error):
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
    }
}
