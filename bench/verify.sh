#!/usr/bin/env bash
# Benchmarks `knap verify` (hyperfine; results go in BENCHMARKS.md, section "Verify"):
#  1. 50 Python snippets: knap verify against pytest --markdown-docs on the same note
#     (PyPI pytest-markdown-docs; it runs the blocks in-process and does not compare output).
#  2. 20 Swift snippets: knap verify against a shell loop of plain `swiftc` + run per snippet.
# knap runs with --no-cache, so every snippet is compiled and run each time.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product knap >/dev/null
knap="$(swift build -c release --show-bin-path)/knap"
out=bench/out
rm -rf "$out"
python3 bench/gen-verify-notes.py "$out"
runs="${RUNS:-5}"

hyperfine --warmup 1 --runs "$runs" --export-markdown "$out/python.md" \
    -n "knap verify (50 Python)" "$knap verify --no-cache $out/python-50.md" \
    -n "pytest --markdown-docs (50 Python)" "pytest -q -p no:cacheprovider --markdown-docs $out/python-50.md"

hyperfine --warmup 1 --runs "$runs" --export-markdown "$out/swift.md" \
    -n "knap verify (20 Swift)" "$knap verify --no-cache $out/swift-20.md" \
    -n "swiftc + run loop (20 Swift)" "bash -c 'd=\$(mktemp -d); for f in $out/swift-20/*.swift; do swiftc -o \$d/p \$f && \$d/p >/dev/null; done; rm -rf \$d'"
cat "$out/python.md" "$out/swift.md"
