#!/usr/bin/env python3
"""Writes the notes that bench/verify.sh measures, into bench/out/:

- python-50.md: 50 Python snippets, each with a `# Output:` block;
- swift-20.md: 20 Swift snippets, each with a `// Output:` block;
- swift-20/NN.swift: the same Swift snippets as plain files, for the swiftc-per-snippet baseline.
"""
import os
import sys

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "out")
os.makedirs(os.path.join(out, "swift-20"), exist_ok=True)

with open(os.path.join(out, "python-50.md"), "w") as note:
    note.write("# Fifty Python snippets\n\n")
    for n in range(50):
        squares = [i * i for i in range(n % 7 + 2)]
        note.write(f"## Snippet {n}\n\n```python\n")
        note.write(f"values = [i * i for i in range({n % 7 + 2})]\n")
        note.write(f"print(sum(values), {n})\n")
        note.write(f"# Output:\n# {sum(squares)} {n}\n```\n\n")

with open(os.path.join(out, "swift-20.md"), "w") as note:
    note.write("# Twenty Swift snippets\n\n")
    for n in range(20):
        total = sum(range(n + 3))
        code = f"let numbers = Array(0..<{n + 3})\nprint(numbers.reduce(0, +), \"snippet {n}\")\n"
        with open(os.path.join(out, "swift-20", f"{n:02d}.swift"), "w") as plain:
            plain.write(code)
        note.write(f"## Snippet {n}\n\n```swift\n{code}// Output:\n// {total} snippet {n}\n```\n\n")
