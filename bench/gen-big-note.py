#!/usr/bin/env python3
"""Writes one large Obsidian note (about SIZE bytes, default 3 MB) made of
concatenated realistic notes: the seed note, the quartz-docs corpus when it is
beside the repo, and generated sections with links, callouts, tags, tables and code.

Usage: bench/gen-big-note.py OUT.md [SIZE_BYTES]
"""
import argparse
import os
import random

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("out", metavar="OUT.md", help="the note to write")
parser.add_argument("size", metavar="SIZE_BYTES", nargs="?", type=int, default=3_000_000,
                    help="about how many bytes (default 3,000,000)")
arguments = parser.parse_args()
out = arguments.out
size = arguments.size
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
random.seed(42)

sources = []
seed = os.path.join(root, "Tests/Fixtures/Notes/Python - Multiprocessing (seed).md")
sources.append(open(seed, encoding="utf-8").read())
corpus = os.path.join(root, "..", "shared", "corpora", "quartz-docs")
if os.path.isdir(corpus):
    for folder, _, files in os.walk(corpus):
        for name in sorted(files):
            if name.endswith(".md"):
                sources.append(open(os.path.join(folder, name), encoding="utf-8").read())

words = "process thread queue pipe lock fork spawn signal daemon memory index note vault link".split()

def generated(n):
    w = lambda k: " ".join(random.choice(words) for _ in range(k))
    return f"""## Section {n} {w(2)}

Some *emphasis* and **strong** text about {w(6)}, see [[Note {n % 97}]] and
[[Folder/Other {n}#Heading {n % 5}|an alias]], ==highlighted {w(2)}== and #tag{n % 13} #area/sub{n % 7}.
A footnote-like block ^block-{n}

> [!{random.choice(['note', 'tip', 'warning', 'example', 'quote'])}]- Callout {n}
> {w(12)}
> - item [[Linked {n % 31}]]

| Name | Value |
| --- | ---: |
| {w(1)} | {n} |
| [[Row\\|alias]] | `code` |

```swift
let value{n} = {n}
print(value{n} * 2)  // Prints "{2 * n}"
```

- [ ] task {n}
- [x] done {n} ~~struck~~ %%hidden comment%%

"""

parts = []
total = 0
n = 0
while total < size:
    text = sources[n % len(sources)] if n % 3 == 0 else generated(n)
    # Concatenated notes: frontmatter only makes sense at the top.
    if n > 0 and text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            text = text[end + 5:]
    parts.append(text + "\n\n")
    total += len(text.encode("utf-8")) + 2
    n += 1

with open(out, "w", encoding="utf-8") as f:
    f.write("".join(parts))
