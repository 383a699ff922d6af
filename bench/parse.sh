#!/usr/bin/env bash
# Parsing and rendering one large note: `knap html` (Obsidian mode) and
# `knap html --commonmark` side by side with the `cmark` CLI on the same file.
# Also checks that the pathological inputs scale linearly (n and 2n).
#
# Usage: bench/parse.sh [SIZE_BYTES]   (default 3000000)
# Needs: hyperfine, cmark, python3. Writes bench/out/parse.json and pathological.json.
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-3000000}"
out=bench/out
mkdir -p "$out"
knap="$(bench/build.sh)"

python3 bench/gen-big-note.py "$out/big.md" "$size"
"$knap" html --commonmark "$out/big.md" | cmp -s - <(cmark "$out/big.md") \
    || { echo "knap html --commonmark differs from cmark" >&2; exit 1; }

hyperfine -N --warmup 3 --runs 20 --export-json "$out/parse.json" \
    "cmark $out/big.md" \
    "$knap html --commonmark $out/big.md" \
    "$knap html $out/big.md"

# Real notes: the quartz-docs corpus (beside the repo) concatenated 30 times.
corpus=../shared/corpora/quartz-docs
if [ -d "$corpus" ]; then
    : > "$out/quartz30.md"
    for _ in $(seq 1 30); do find "$corpus" -name '*.md' -print0 | sort -z | xargs -0 cat >> "$out/quartz30.md"; done
    hyperfine -N --warmup 3 --runs 20 --export-json "$out/parse-quartz.json" \
        "cmark $out/quartz30.md" \
        "$knap html $out/quartz30.md"
fi

# Pathological inputs at n and 2n: the time should roughly double, not quadruple.
python3 - "$out" <<'PY'
import sys
out = sys.argv[1]
cases = {
    "quotes": lambda n: ">" * n + " deep [[Link]]\n",
    "brackets": lambda n: "[" * n + "x\n",
    "wikiopen": lambda n: "[[a " * n + "\n",
    "callouts": lambda n: "".join("> " * d + f"[!note] Level {d}\n" for d in range(1, n // 100 + 1)),
    "longline": lambda n: "word [[Link]] #tag ==mark== " * (n // 10),
}
for name, make in cases.items():
    for n in (50_000, 100_000):
        with open(f"{out}/{name}-{n}.md", "w") as f:
            f.write(make(n))
PY
commands=()
for name in quotes brackets wikiopen callouts longline; do
    commands+=("$knap html $out/$name-50000.md" "$knap html $out/$name-100000.md")
done
hyperfine -N --warmup 1 --runs 5 --export-json "$out/pathological.json" --output=null "${commands[@]}"
