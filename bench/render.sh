#!/usr/bin/env bash
# `knap render` of a 10,000-note synthetic vault, side by side with the `cmark` CLI over the
# same files, and an incremental re-render after one note changed.
#
# Usage: bench/render.sh [NOTES]   (default 10000)
# Needs: hyperfine, cmark, python3. Writes bench/out/render.json, render-moved.json and
# render-incremental.json.
set -euo pipefail
cd "$(dirname "$0")/.."
notes="${1:-10000}"
out=bench/out
vault="$out/render-vault"
site="$out/render-site"
mkdir -p "$out"
knap="$(bench/build.sh)"

rm -rf "$vault" "$site"
if [ -f bench/gen-vault.py ]; then
    python3 bench/gen-vault.py "$notes" "$vault"   # usage: gen-vault.py N DIR
else
    python3 bench/gen-render-vault.py "$vault" "$notes"
fi
find "$vault" -name '*.md' -print0 > "$out/render-files"

uptime
# Full render: the output folder is emptied before each run. cmark reads the same notes
# (xargs passes them in a few batches) and writes its HTML to /dev/null.
hyperfine --warmup 1 --runs 5 --export-json "$out/render.json" \
    --prepare "rm -rf $site" \
    -n cmark "xargs -0 cmark < $out/render-files > /dev/null" \
    -n "knap render" "$knap render --vault $vault --out $site"

# The same, with the previous site moved aside instead of deleted. On ext4 without a journal
# (as on the benchmark machine) creating files right after deleting 10,000 makes the kernel
# step over every recently deleted inode, which the first run pays for; this run does not.
trash="$out/render-trash"
mkdir -p "$trash"
hyperfine --warmup 1 --runs 5 --export-json "$out/render-moved.json" \
    --prepare "if [ -d $site ]; then mv $site $trash/site-\$(date +%s%N); fi" \
    -n "knap render (old site moved aside)" "$knap render --vault $vault --out $site"
rm -rf "$trash"
uptime

# Incremental: one note changes before each run; everything else is already rendered.
"$knap" render --vault "$vault" --out "$site" >/dev/null
one="$(find "$vault" -name '*.md' | sort | sed -n 1p)"
hyperfine --warmup 1 --runs 5 --export-json "$out/render-incremental.json" \
    --prepare "echo 'One more line.' >> '$one'" \
    -n "knap render (one note changed)" "$knap render --vault $vault --out $site"
uptime
