/// The small program that runs a script session's snippets in one interpreter or shell, in order,
/// and writes a ``SessionMarkers`` line after each. Its first argument is the nonce. The Python
/// driver then takes, for each snippet, its file, its timeout in seconds, and its stdin file (`-`
/// for `/dev/null`); the shell driver has its steps written in (``shellStep(_:index:file:timeout:stdin:)``).
struct ScriptDriver {
    /// `python3` or a shell.
    let executable: String
    let fileName: String
    let source: String
    /// The extension of the snippets' files.
    let fileExtension: String

    static func forRunner(_ name: String) -> ScriptDriver? {
        switch name {
        case "python": ScriptDriver(executable: "python3", fileName: "knap_session.py", source: python, fileExtension: "py")
        case "sh": ScriptDriver(executable: "sh", fileName: "knap_session.sh", source: shell("sh"), fileExtension: "sh")
        case "bash": ScriptDriver(executable: "bash", fileName: "knap_session.sh", source: shell("bash"), fileExtension: "sh")
        default: nil
        }
    }

    /// Each snippet is compiled on its own (a SyntaxError is reported and the next one runs), then
    /// executed in the globals the earlier ones left, as `python3 file.py` would run it. SIGALRM
    /// ends a snippet at its timeout. Exceptions print their traceback without the driver's frame.
    static let python = #"""
    import builtins, os, signal, sys, traceback

    def _knap_session():
        nonce = sys.argv[1]
        args = sys.argv[2:]
        del sys.argv[1:]
        namespace = {"__name__": "__main__", "__builtins__": builtins}

    \#(SessionMarkers.pythonMark)

        for index in range(len(args) // 3):
            path, timeout, stdin = args[3 * index:3 * index + 3]

            def expire(signum, frame, index=index):
                mark(index, "timeout")
                os._exit(124)

            signal.signal(signal.SIGALRM, expire)
            with open(path, encoding="utf-8", errors="replace") as file:
                source = file.read()
            try:
                code = compile(source, path, "exec")
            except (SyntaxError, ValueError) as error:
                traceback.print_exception(type(error), error, None)
                mark(index, "syntax")
                continue
            sys.stdin = open(stdin if stdin != "-" else os.devnull, encoding="utf-8")
            status = "ok"
            signal.setitimer(signal.ITIMER_REAL, float(timeout))
            try:
                exec(code, namespace)
            except SystemExit as error:
                value = error.code
                if value is None:
                    status = "exit 0"
                elif isinstance(value, int):
                    status = "exit %d" % (value & 0xFF)
                else:
                    print(value, file=sys.stderr)
                    status = "exit 1"
            except BaseException as error:
                traceback.print_exception(type(error), error, error.__traceback__.tb_next)
                status = "exit 1"
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            mark(index, status)

    _knap_session()
    """#

    /// Each snippet is syntax-checked with `SHELL -n` (an error is reported and the next one runs),
    /// then sourced with `.` at the top level of the one shell, so variables, functions, `cd` and
    /// `set` carry over. A watchdog in the background kills the shell at the snippet's timeout.
    /// The nonce is `$1`; the snippets' list is written into the script (each step is one block).
    static func shell(_ shell: String) -> String {
        """
        __knap_nonce=$1
        set --
        __knap_mark() {
            printf '\\n\\001KNAP-%s %s %s\\n' "$__knap_nonce" "$1" "$2"
            printf '\\n\\001KNAP-%s %s %s\\n' "$__knap_nonce" "$1" "$2" >&2
        }
        __knap_watch() {
            __knap_main=$$
            ( trap 'kill $__knap_sleep 2>/dev/null; exit 0' TERM
              sleep "$2" & __knap_sleep=$!
              wait $__knap_sleep && { __knap_mark "$1" timeout; kill -KILL $__knap_main; } ) </dev/null &
            __knap_watcher=$!
        }
        __knap_done() {
            kill $__knap_watcher 2>/dev/null
            wait $__knap_watcher 2>/dev/null
            __knap_mark "$1" "exit $2"
        }

        """
    }

    /// The shell driver's step for snippet `index`; `mergeStderr` for a transcript's command.
    static func shellStep(_ shell: String, index: Int, file: String, timeout: Double, stdin: String?, mergeStderr: Bool = false) -> String {
        """
        if \(shell) -n '\(file)'; then
            __knap_watch \(index) \(timeout)
            . '\(file)' <'\(stdin ?? "/dev/null")'\(mergeStderr ? " 2>&1" : "")
            __knap_done \(index) $?
        else
            __knap_mark \(index) syntax
        fi

        """
    }
}
