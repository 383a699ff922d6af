#!/usr/bin/env bash
# Benchmarks what the snippet sandbox (bubblewrap, docs/SECURITY.md) costs `knap verify`, with
# hyperfine: the same notes with the sandbox (the default) and with --no-sandbox, side by side.
#  1. 50 Python snippets (one sandboxed python3 each).
#  2. 50 Swift snippets, merged build, no caches (swiftc and each binary sandboxed).
#  3. 20 Swift snippets compiled one by one (--no-merge, no caches): one sandboxed swiftc each.
# The medians and ratios go in BENCHMARKS.md, section "Verify". Notes: bench/gen-verify-notes.py.
set -euo pipefail
cd "$(dirname "$0")/.."
knap="$(bench/build.sh)"
out=bench/out-sandbox
rm -rf "$out"
python3 bench/gen-verify-notes.py "$out"
runs="${RUNS:-5}"
export_json() { echo "--export-json $out/$1.json --export-markdown $out/$1.md"; }

hyperfine --warmup 1 --runs "$runs" $(export_json python) \
    -n "sandbox, 50 Python" "$knap verify --no-cache $out/python/python-50.md" \
    -n "no sandbox, 50 Python" "$knap verify --no-cache --no-sandbox $out/python/python-50.md"

hyperfine --warmup 1 --runs "$runs" $(export_json swift50) \
    -n "sandbox, 50 Swift (merged)" "$knap verify --no-cache $out/swift50/swift-50.md" \
    -n "no sandbox, 50 Swift (merged)" "$knap verify --no-cache --no-sandbox $out/swift50/swift-50.md"

hyperfine --warmup 1 --runs "$runs" $(export_json swift20) \
    -n "sandbox, 20 Swift (--no-merge)" "$knap verify --no-cache --no-merge $out/swift20/swift-20.md" \
    -n "no sandbox, 20 Swift (--no-merge)" "$knap verify --no-cache --no-merge --no-sandbox $out/swift20/swift-20.md"

cat "$out"/python.md "$out"/swift50.md "$out"/swift20.md
