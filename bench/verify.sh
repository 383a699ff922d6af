#!/usr/bin/env bash
# Benchmarks `knap verify` with hyperfine; the medians and ratios go in BENCHMARKS.md, section "Verify".
#  1. 50 Python snippets: knap verify against pytest --markdown-docs on the same note
#     (PyPI pytest-markdown-docs; it runs the blocks in one process and does not compare output).
#  2. 20 Swift snippets: knap verify (merged and --no-merge) against a shell loop of plain
#     `swiftc` + run per snippet.
#  3. 50 Swift snippets: merged against --no-merge, both with cold caches, and a warm run
#     (nothing changed). 4. 200 Swift snippets, merged, cold.
# Cold runs delete the vault's .knap/ first (result cache and compiled binaries).
set -euo pipefail
cd "$(dirname "$0")/.."
knap="$(bench/build.sh)"
out=bench/out
rm -rf "$out"
python3 bench/gen-verify-notes.py "$out"
runs="${RUNS:-5}"
export_json() { echo "--export-json $out/$1.json --export-markdown $out/$1.md"; }

hyperfine --warmup 1 --runs "$runs" $(export_json python) \
    -n "knap verify, 50 Python" "$knap verify --no-cache $out/python/python-50.md" \
    -n "pytest --markdown-docs, 50 Python" "pytest -q -p no:cacheprovider --markdown-docs $out/python/python-50.md"

hyperfine --warmup 1 --runs "$runs" $(export_json swift20) \
    -n "knap verify, 20 Swift (merged)" "$knap verify --no-cache $out/swift20/swift-20.md" \
    -n "knap verify no-merge, 20 Swift" "$knap verify --no-cache --no-merge $out/swift20/swift-20.md" \
    -n "swiftc + run loop, 20 Swift" "bash -c 'd=\$(mktemp -d); for f in $out/swift20-plain/*.swift; do swiftc -o \$d/p \$f && \$d/p >/dev/null; done; rm -rf \$d'"

hyperfine --runs "$runs" $(export_json swift50) \
    -n "merged, cold, 50 Swift" --prepare "rm -rf $out/swift50/.knap" "$knap verify --vault $out/swift50" \
    -n "no-merge, cold, 50 Swift" --prepare "rm -rf $out/swift50/.knap" "$knap verify --no-merge --vault $out/swift50"
"$knap" verify --vault "$out/swift50" >/dev/null
hyperfine --warmup 1 --runs "$runs" $(export_json swift50-warm) \
    -n "warm (nothing changed), 50 Swift" "$knap verify --vault $out/swift50"

hyperfine --runs "$runs" $(export_json swift200) \
    -n "merged, cold, 200 Swift" --prepare "rm -rf $out/swift200/.knap" "$knap verify --vault $out/swift200"

cat "$out"/python.md "$out"/swift20.md "$out"/swift50.md "$out"/swift50-warm.md "$out"/swift200.md
