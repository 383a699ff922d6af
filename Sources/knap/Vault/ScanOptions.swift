import ArgumentParser

/// How a command walks the vault. Only the command line can loosen it: a vault's own `knap.yaml`
/// never can.
struct ScanOptions: ParsableArguments {
    @Flag(help: """
        Also read files and folders that symlinks in the vault point to outside it (or into its hidden folders). \
        Off by default: such symlinks are skipped with an external-symlink warning.
        """)
    var followExternalSymlinks = false
}
