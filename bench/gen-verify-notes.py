#!/usr/bin/env python3
"""Writes the notes that bench/verify.sh measures, into the folder given (default bench/out/):

- python/python-50.md: 50 Python snippets, each with a `# Output:` block;
- swift20/swift-20.md: 20 Swift snippets, each with a `// Output:` block, and
  swift20-plain/NN.swift: the same snippets as plain files, for the swiftc-per-snippet loop;
- swift50/swift-50.md and swift200/swift-200.md: 50 and 200 Swift snippets (each folder is a vault,
  so the result and binary caches go in its .knap/).
"""
import argparse
import os

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("out", metavar="DIR", nargs="?", default=os.path.join(os.path.dirname(__file__), "out"),
                    help="the folder to write into (default bench/out/)")
out = parser.parse_args().out


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as handle:
        handle.write(text)


def swift_snippet(n):
    """A small program in the style of the notes: a type, a loop, a print; names repeat across snippets."""
    code = (
        f"struct Counter {{\n    var count = {n}\n    mutating func bump() {{ count += 1 }}\n}}\n"
        f"var counter = Counter()\nfor _ in 0..<3 {{ counter.bump() }}\n"
        f"let numbers = Array(0..<{n + 3})\n"
        f"print(numbers.reduce(0, +), counter.count, \"snippet {n}\")\n"
    )
    expected = f"{sum(range(n + 3))} {n + 3} snippet {n}"
    return code, expected


def swift_note(count):
    parts = [f"# {count} Swift snippets\n\n"]
    for n in range(count):
        code, expected = swift_snippet(n)
        parts.append(f"## Snippet {n}\n\n```swift\n{code}// Output:\n// {expected}\n```\n\n")
    return "".join(parts)


python = ["# Fifty Python snippets\n\n"]
for n in range(50):
    squares = [i * i for i in range(n % 7 + 2)]
    python.append(f"## Snippet {n}\n\n```python\nvalues = [i * i for i in range({n % 7 + 2})]\n"
                  f"print(sum(values), {n})\n# Output:\n# {sum(squares)} {n}\n```\n\n")
write(os.path.join(out, "python", "python-50.md"), "".join(python))

write(os.path.join(out, "swift20", "swift-20.md"), swift_note(20))
for n in range(20):
    write(os.path.join(out, "swift20-plain", f"{n:02d}.swift"), swift_snippet(n)[0])
write(os.path.join(out, "swift50", "swift-50.md"), swift_note(50))
write(os.path.join(out, "swift200", "swift-200.md"), swift_note(200))
