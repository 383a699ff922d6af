#!/usr/bin/env bash
# Benchmark `knap index` (full and incremental) against the cmark CLI over the same files.
#
# usage: bench/index.sh [N ...]        (default: 1000 10000)
#
# Needs: hyperfine, cmark (apt: cmark), python3, GNU time (/usr/bin/time), and a release build
# (built by bench/build.sh unless KNAP names a binary). Vaults are generated in $TMPDIR by bench/gen-vault.py.
# Results: a hyperfine JSON per case in bench/results/, medians and peak memory printed at the end.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
knap="${KNAP:-$("$here/build.sh")}"
sizes=("${@:-1000 10000}")
[ $# -eq 0 ] && sizes=(1000 10000)
results="$here/results"
mkdir -p "$results"
[ -x "$knap" ] || { echo "build first: swift build -c release --product knap" >&2; exit 2; }

# Nothing is deleted before the timed runs: on this machine's ext4 (no journal) files created within a
# minute or more of a large deletion make the kernel look at every recently deleted inode. The
# previous vaults are moved into a trash folder, deleted at the end.
trash="${TMPDIR:-/tmp}/knap-bench-trash"
mkdir -p "$trash"
for n in "${sizes[@]}"; do
    vault="${TMPDIR:-/tmp}/knap-bench-$n"
    if [ -e "$vault" ]; then mv "$vault" "$trash/$(basename "$vault")-$(date +%s%N)"; fi
    python3 "$here/gen-vault.py" "$n" "$vault"
    list="$vault.files"
    (cd "$vault" && find . -name '*.md' -not -path './.knap/*' -print0) > "$list"
    touched="$vault/area1/topic1/Note 1.md"
    runs=$(( n >= 10000 ? 5 : 10 ))

    # cmark over the same files: read every note, parse it, render HTML.
    hyperfine --warmup 1 --runs "$runs" --export-json "$results/cmark-$n.json" \
        "cd '$vault' && xargs -0 cat < '$list' | cmark > /dev/null"
    # Full index: no index file at the start of each run.
    hyperfine --warmup 1 --runs "$runs" --export-json "$results/full-$n.json" \
        --prepare "rm -rf '$vault/.knap'" \
        "'$knap' index --vault '$vault'"
    # Incremental: one note's content changed since the last index.
    "$knap" index --vault "$vault" > /dev/null
    hyperfine --warmup 1 --runs "$runs" --export-json "$results/incremental-$n.json" \
        --prepare "echo 'edit \$RANDOM' >> '$touched'" \
        "'$knap' index --vault '$vault'"
    # Peak memory of a full index.
    rm -rf "$vault/.knap"
    /usr/bin/time -v "$knap" index --vault "$vault" 2> "$results/memory-$n.txt" > /dev/null
done
rm -rf "$trash"

python3 - "$results" "${sizes[@]}" <<'PY'
import json, re, sys
results, sizes = sys.argv[1], sys.argv[2:]
def median(name):
    with open(f"{results}/{name}.json") as f:
        return json.load(f)["results"][0]["median"]
print("| N | cmark median | full index median | full / cmark | incremental median | incremental / full | peak RSS (full) |")
print("|---|---|---|---|---|---|---|")
for n in sizes:
    c, f, i = median(f"cmark-{n}"), median(f"full-{n}"), median(f"incremental-{n}")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(f"{results}/memory-{n}.txt").read())
    mb = int(rss.group(1)) / 1024 if rss else float("nan")
    print(f"| {n} | {c*1000:.0f} ms | {f*1000:.0f} ms | {f/c:.2f}x | {i*1000:.0f} ms | {i/f*100:.1f}% | {mb:.0f} MB |")
PY
