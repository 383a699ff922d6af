#!/usr/bin/env bash
# `knap render` of a 10,000-note synthetic vault, side by side with the `cmark` CLI over the
# same files, and an incremental re-render after one note changed.
#
# Usage: bench/render.sh [NOTES]   (default 10000)
# Needs: hyperfine, cmark, python3. Writes bench/out/render-cmark.json, render-moved.json,
# render-incremental.json and render.json (old site deleted), then prints medians and ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
notes="${1:-10000}"
out=bench/out
vault="$out/render-vault"
site="$out/render-site"
mkdir -p "$out"
knap="$(bench/build.sh)"

# On this machine's ext4 (no journal), a file created within 60 s of the deletion of many others
# (360 s when their inode table block was still dirty) makes the kernel's inode allocator look at
# every recently deleted inode (`recently_deleted()` in fs/ext4/ialloc.c). So nothing is deleted
# before the timed runs that create files: the previous vault and site are moved into a trash
# folder, deleted at the very end, and the full render is timed twice: with the previous site
# moved aside (what knap's own work costs) and, last, with it deleted just before each run (what
# a user who runs `rm -rf site && knap render` sees here). Start the script a few minutes after
# any other large deletion on the same disk.
trash="$out/render-trash"
mkdir -p "$trash"
for old in "$vault" "$site"; do
    if [ -e "$old" ]; then mv "$old" "$trash/$(basename "$old")-$(date +%s%N)"; fi
done
if [ -f bench/gen-vault.py ]; then
    python3 bench/gen-vault.py "$notes" "$vault"   # usage: gen-vault.py N DIR
else
    python3 bench/gen-render-vault.py "$vault" "$notes"
fi
find "$vault" -name '*.md' -print0 > "$out/render-files"

uptime
hyperfine --warmup 1 --runs 5 --export-json "$out/render-cmark.json" \
    -n cmark "xargs -0 cmark < $out/render-files > /dev/null"

# Full render, the previous site moved aside (kept until the end, so nothing is deleted meanwhile),
# and written back to the disk (`sync`) before the next run, which would otherwise share the cores
# with the kernel's writeback of the last run's 10,000 pages. Each run is a little slower than the
# one before (ext4 takes longer to find free inodes as the moved sites fill the disk's inode
# groups), so the run count stays at 5, as in earlier measurements.
hyperfine --warmup 1 --runs 5 --export-json "$out/render-moved.json" \
    --prepare "if [ -d $site ]; then mv $site $trash/site-\$(date +%s%N); fi; sync" \
    -n "knap render (old site moved aside)" "$knap render --vault $vault --out $site"
uptime

# Incremental: one note changes before each run; everything else is already rendered. The sites
# of the runs above are written back to the disk first, so that the kernel's writeback of them does
# not share the cores with these short runs.
"$knap" render --vault "$vault" --out "$site" >/dev/null
sync
one="$(find "$vault" -name '*.md' | sort | sed -n 1p)"
hyperfine --warmup 2 --runs 20 --export-json "$out/render-incremental.json" \
    --prepare "echo 'One more line.' >> '$one'" \
    -n "knap render (one note changed)" "$knap render --vault $vault --out $site"
uptime

# Full render, the previous site deleted just before each run.
hyperfine --warmup 1 --runs 5 --export-json "$out/render.json" \
    --prepare "rm -rf $site" \
    -n "knap render (old site deleted)" "$knap render --vault $vault --out $site"
rm -rf "$trash"
uptime

python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
def result(name):
    r = json.load(open(f"{out}/{name}.json"))["results"][0]
    return r["median"], r["user"], r["system"]
cmark = result("render-cmark")
rows = [("cmark", cmark), ("knap render, old site moved aside", result("render-moved")),
        ("knap render, old site deleted", result("render")), ("knap render, one note changed", result("render-incremental"))]
for name, (median, user, system) in rows:
    print(f"{name:40} median {median:7.3f} s  user {user:6.3f} s  system {system:6.3f} s  x cmark {median / cmark[0]:5.2f}")
moved, deleted, incremental = result("render-moved")[0], result("render")[0], result("render-incremental")[0]
print(f"incremental / full (moved aside) {incremental / moved:6.1%}   incremental / full (deleted) {incremental / deleted:6.1%}")
PY
