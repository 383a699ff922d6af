#!/usr/bin/env bash
# Builds the `knap` that the benchmarks measure, the way a release is shipped on Linux:
# optimised, with the Swift runtime and Foundation linked statically (`--static-swift-stdlib`),
# which halves the start-up time (no dynamic symbol lookups in Foundation and ICU). It has its
# own build folder, so that it does not rebuild the debug or plain release builds.
# It is linked as a fixed-address executable (`-no-pie`): a position-independent one spends its
# start-up applying ~88,000 relocations to the 39 MB data segment of the static runtime and
# Foundation (about a third more page faults, ~1.2 M more instructions per run).
# Prints the path of the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --product knap --scratch-path .build-release -Xlinker -no-pie >&2
echo "$PWD/.build-release/release/knap"
