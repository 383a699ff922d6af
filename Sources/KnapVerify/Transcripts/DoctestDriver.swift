/// The Python driver of a doctest session: Python's own `doctest` runs the note's `>>>`
/// transcripts in order, with `ELLIPSIS`, sharing one globals dict as `doctest.testfile` does
/// for one file (each transcript starts from the globals the one before it left). `setup` members
/// are executed in those globals at their place. After each member it writes a marker whose
/// status is `report <json>` for a transcript: the examples tried and, for each failing one, its
/// line in the transcript, source, expected output and what it got (cut to 4,000 characters).
enum DoctestDriver {
    static let driver = ScriptDriver(executable: "python3", fileName: "knap_doctest.py", source: source, fileExtension: "py")

    static let source = #"""
    import builtins, doctest, json, os, signal, sys, traceback

    LIMIT = 4000

    def _knap_doctest():
        nonce = sys.argv[1]
        args = sys.argv[2:]
        del sys.argv[1:]
        globs = {"__name__": "__main__", "__builtins__": builtins}
        parser = doctest.DocTestParser()

    \#(SessionMarkers.pythonMark)

        class Runner(doctest.DocTestRunner):
            def report_start(self, out, test, example):
                pass

            def report_success(self, out, test, example, got):
                pass

            def report_failure(self, out, test, example, got):
                self.knap.append({"line": example.lineno, "source": example.source[:LIMIT],
                                  "want": example.want[:LIMIT], "got": got[:LIMIT]})

            def report_unexpected_exception(self, out, test, example, exc_info):
                got = "".join(traceback.format_exception_only(exc_info[0], exc_info[1]))
                self.knap.append({"line": example.lineno, "source": example.source[:LIMIT],
                                  "want": example.want[:LIMIT], "got": "Traceback (most recent call last):\n  ...\n" + got[:LIMIT]})

        for index in range(len(args) // 4):
            role, path, timeout, stdin = args[4 * index:4 * index + 4]

            def expire(signum, frame, index=index):
                mark(index, "timeout")
                os._exit(124)

            signal.signal(signal.SIGALRM, expire)
            with open(path, encoding="utf-8", errors="replace") as file:
                source = file.read()
            sys.stdin = open(stdin if stdin != "-" else os.devnull, encoding="utf-8")
            signal.setitimer(signal.ITIMER_REAL, float(timeout))
            if role == "setup":
                status = "ok"
                try:
                    exec(compile(source, path, "exec"), globs)
                except SyntaxError as error:
                    traceback.print_exception(type(error), error, None)
                    status = "syntax"
                except BaseException as error:
                    traceback.print_exception(type(error), error, error.__traceback__.tb_next)
                    status = "exit 1"
            else:
                try:
                    test = parser.get_doctest(source, globs, os.path.basename(path), path, 0)
                except ValueError as error:
                    status = "report " + json.dumps({"error": str(error)[:LIMIT]})
                else:
                    runner = Runner(verbose=False, optionflags=doctest.ELLIPSIS)
                    runner.knap = []
                    result = runner.run(test, out=lambda text: None, clear_globs=False)
                    globs = test.globs
                    status = "report " + json.dumps({"attempted": result.attempted, "failures": runner.knap})
            signal.setitimer(signal.ITIMER_REAL, 0)
            mark(index, status)

    _knap_doctest()
    """#
}
