#!/usr/bin/env bash
# Builds the `knap` that the benchmarks measure, the way a release is shipped on Linux:
# optimised, with the Swift runtime and Foundation linked statically (`--static-swift-stdlib`),
# which halves the start-up time (no dynamic symbol lookups in Foundation and ICU). It has its
# own build folder, so that it does not rebuild the debug or plain release builds.
# Prints the path of the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --product knap --scratch-path .build-release >&2
echo "$PWD/.build-release/release/knap"
