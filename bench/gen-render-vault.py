#!/usr/bin/env python3
"""Writes a synthetic Obsidian vault of N notes (default 10,000) for the render benchmark:
notes in 100 folders with frontmatter, headings, wikilinks (to notes, headings and blocks),
embeds, tags, callouts, task lists, tables and code; plus a few attachments.

A stand-in until the vault benchmark's bench/gen-vault.py exists (bench/render.sh prefers that).
Usage: bench/gen-render-vault.py OUT_DIR [N]
"""
import argparse
import os
import random

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("out", metavar="OUT_DIR", help="the vault folder to write")
parser.add_argument("count", metavar="N", nargs="?", type=int, default=10_000, help="how many notes (default 10,000)")
arguments = parser.parse_args()
out = arguments.out
count = arguments.count
random.seed(7)
words = ("process thread queue pipe lock fork spawn signal daemon memory index note vault link "
         "render page anchor heading block table callout search tag folder graph").split()

def sentence(n=12):
    return " ".join(random.choice(words) for _ in range(n)).capitalize() + "."

def name(i):
    return f"Note {i:05d}"

os.makedirs(os.path.join(out, "assets"), exist_ok=True)
png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
for k in range(20):
    with open(os.path.join(out, "assets", f"figure {k}.png"), "wb") as f:
        f.write(png)

for i in range(count):
    folder = os.path.join(out, f"area {i % 100:02d}")
    os.makedirs(folder, exist_ok=True)
    links = [random.randrange(count) for _ in range(5)]
    lines = ["---", f"tags: [topic/{i % 37}, {random.choice(words)}]", f"created: 2024-01-{1 + i % 28:02d}", "---",
             f"# {name(i)}", "", sentence(20) + f" See [[{name(links[0])}]] and [[{name(links[1])}#Details|details]].", ""]
    lines += ["## Details", "", sentence(30), f"A key fact about {random.choice(words)}. ^fact{i}", ""]
    lines += [f"- [x] {sentence(6)}", f"- [ ] {sentence(6)} [[{name(links[2])}#^fact{links[2]}]]", f"- {sentence(8)} #{random.choice(words)}", ""]
    lines += ["> [!tip]- Folded tip", f"> {sentence(10)} ==highlighted {random.choice(words)}==", ""]
    lines += ["| key | value |", "| --- | ---: |", f"| {random.choice(words)} | {i} |", f"| link | [[{name(links[3])}]] |", ""]
    if i % 3 == 0:
        lines += ["```python", f"def f{i}(x):", "    # doubles", "    return x * 2", "```", ""]
    if i % 10 == 0:
        lines += [f"![[{name(links[4])}#Details]]", "", f"![[figure {i % 20}.png|200]]", ""]
    lines += ["## Notes", "", sentence(40), "", sentence(25), ""]
    with open(os.path.join(folder, name(i) + ".md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
