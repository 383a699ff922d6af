#!/usr/bin/env bash
# Benchmarks Swift sessions with hyperfine; the medians and ratios go in BENCHMARKS.md, section
# "Verify: sessions". The same 40 listings (bench/gen-session-notes.py) run as one session
# (one compile for the note) and alone (the merged build: one module, one process per listing),
# cold (the vault's .knap/ deleted first: no cached results or binaries) and warm (nothing changed).
# KNAP=path uses another knap build than bench/build.sh's release build.
set -euo pipefail
cd "$(dirname "$0")/.."
knap="${KNAP:-$(bench/build.sh)}"
out=bench/out
rm -rf "$out/sessions"
python3 bench/gen-session-notes.py "$out"
runs="${RUNS:-5}"
export_json() { echo "--export-json $out/$1.json --export-markdown $out/$1.md"; }

hyperfine --runs "$runs" $(export_json sessions-cold) \
    -n "alone (merged build), cold, 40 Swift" --prepare "rm -rf $out/sessions/alone/.knap" "$knap verify --vault $out/sessions/alone" \
    -n "session, cold, 40 Swift" --prepare "rm -rf $out/sessions/session/.knap" "$knap verify --vault $out/sessions/session"
"$knap" verify --vault "$out/sessions/alone" >/dev/null
"$knap" verify --vault "$out/sessions/session" >/dev/null
hyperfine --warmup 1 --runs "$runs" $(export_json sessions-warm) \
    -n "alone (merged build), warm, 40 Swift" "$knap verify --vault $out/sessions/alone" \
    -n "session, warm, 40 Swift" "$knap verify --vault $out/sessions/session"

cat "$out"/sessions-cold.md "$out"/sessions-warm.md
