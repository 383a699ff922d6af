#!/usr/bin/env python3
"""Writes two vaults with the same 40 Swift listings for bench/sessions.sh: `session/` runs them
as one session (frontmatter `verify: session`), `alone/` runs each on its own (merged build).
Each listing declares a type and a function of its own, uses them and prints two lines."""
import argparse
import os

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("out", metavar="DIR", nargs="?", default="bench/out", help="the folder to write into (default bench/out)")
out = parser.parse_args().out
count = 40


def listing(i):
    return f"""```swift
struct Shape{i} {{
    var sides: Int
    func describe() -> String {{ "shape {i} has \\(sides) sides" }}
}}
func total{i}(_ values: [Int]) -> Int {{ values.reduce(0, +) }}
let shape{i} = Shape{i}(sides: {i % 7 + 3})
print(shape{i}.describe())
print(total{i}(Array(1...{i + 1})))
// Prints "shape {i} has {i % 7 + 3} sides"
// Prints "{(i + 1) * (i + 2) // 2}"
```
"""


body = "".join(f"## Listing {i}\n\n{listing(i)}\n" for i in range(count))
for name, front in [("session", "---\nverify: session\n---\n"), ("alone", "")]:
    folder = os.path.join(out, "sessions", name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"swift-{count}.md"), "w") as f:
        f.write(front + f"# {count} listings\n\n" + body)
