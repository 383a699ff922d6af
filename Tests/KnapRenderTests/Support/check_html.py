#!/usr/bin/env python3
"""Parses every .html file under the folders given with html5lib's strict parser.

Prints `path:line:col: error: html5lib: <code>` for each parse error and exits 1 when there
is any; exits 3 when html5lib is not installed (the Swift test then skips, saying so).
"""
import os
import sys

try:
    import html5lib
except ImportError:
    print("html5lib is not installed (pip install html5lib)", file=sys.stderr)
    sys.exit(3)

failures = 0
pages = 0
for root in sys.argv[1:]:
    for folder, _, names in os.walk(root):
        for name in sorted(names):
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            pages += 1
            parser = html5lib.HTMLParser(strict=False)
            with open(path, "rb") as handle:
                parser.parse(handle, transport_encoding="utf-8")
            for (line, col), code, data in parser.errors:
                failures += 1
                print(f"{path}:{line}:{col}: error: html5lib: {code} {data}")
print(f"checked {pages} pages, {failures} errors")
sys.exit(1 if failures else 0)
