#!/usr/bin/env python3
"""Generate a synthetic Obsidian vault for benchmarks.

usage: bench/gen-vault.py N DIR [--seed S]

N notes in nested folders, each with realistic frontmatter (title, tags, aliases, dates),
headings, paragraphs with wikilinks (about 1 in 12 broken, some to headings and blocks),
callouts, lists, tables, code blocks and the odd image embed. Deterministic for a seed.
"""
import argparse
import os
import random

WORDS = ("vault note index link graph query parser token stream buffer cache thread socket "
         "garden compost seedling harvest river bridge lantern pocket meadow orbit signal "
         "kernel module render layout anchor heading syntax table column metric budget "
         "review design sketch draft outline summary detail example pattern method").split()
LANGS = ["swift", "python", "bash", "json", "rust", "js"]
CALLOUTS = ["note", "tip", "warning", "info", "example", "quote", "todo"]


def sentence(rng, links):
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    if links and rng.random() < 0.6:
        words.insert(rng.randint(0, len(words)), links.pop())
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def link(rng, n, i):
    r = rng.random()
    if r < 0.08:
        return f"[[Missing {rng.randint(0, n)}]]"
    target = rng.randrange(n)
    if r < 0.2:
        return f"[[Note {target}#Section {rng.randint(1, 3)}]]"
    if r < 0.25:
        return f"[[Note {target}#^b{target}x1]]"
    if r < 0.35:
        return f"[[Note {target}|see this]]"
    return f"[[Note {target}]]"


def note(rng, n, i):
    tags = rng.sample(["project/alpha", "project/beta", "area/home", "area/work", "idea", "reading", "log/daily"], 2)
    out = [
        "---",
        f"title: Note {i}",
        f"created: 2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        f"tags: [{', '.join(tags)}]",
        f"aliases: [N{i}, Alias {i}]",
        f"status: {rng.choice(['draft', 'done', 'review'])}",
        "---",
        f"# Note {i}",
        "",
    ]
    links = [link(rng, n, i) for _ in range(rng.randint(4, 10))]
    for section in range(1, 4):
        out += [f"## Section {section}", ""]
        out.append(" ".join(sentence(rng, links) for _ in range(rng.randint(2, 5))))
        if section == 1:
            out[-1] += f" ^b{i}x1"
        out.append("")
        kind = rng.random()
        if kind < 0.3:
            out += [f"> [!{rng.choice(CALLOUTS)}] {rng.choice(WORDS).title()}", "> " + sentence(rng, links), ""]
        elif kind < 0.55:
            lang = rng.choice(LANGS)
            out += [f"```{lang}", f"let {rng.choice(WORDS)} = {rng.randint(0, 999)}",
                    f"print({rng.choice(WORDS)})", "```", ""]
        elif kind < 0.75:
            out += [f"- {sentence(rng, links)}" for _ in range(3)] + [""]
        elif kind < 0.85:
            out += ["| key | value |", "| --- | ----- |", f"| {rng.choice(WORDS)} | {rng.randint(0, 99)} |", ""]
        elif kind < 0.9:
            out += ["![[diagram.png]]", ""]
    out.append(" ".join("#" + t for t in tags))
    while links:
        out.append(sentence(rng, links))
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int)
    parser.add_argument("dir")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.dir, exist_ok=True)
    os.makedirs(os.path.join(args.dir, "assets"), exist_ok=True)
    with open(os.path.join(args.dir, "assets", "diagram.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
    for i in range(args.n):
        folder = os.path.join(args.dir, f"area{i % 10}", f"topic{i % 37}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"Note {i}.md"), "w", encoding="utf-8") as f:
            f.write(note(rng, args.n, i))


if __name__ == "__main__":
    main()
