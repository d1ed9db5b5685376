#!/usr/bin/env bash
# Sets up a Debian 12 machine (scripts/setup.sh), builds, and runs every test: the optimised build first,
# then the same tests under AddressSanitizer + UndefinedBehaviorSanitizer (skip with PCSYNC_SKIP_ASAN=1),
# then the fuzz targets (skip with PCSYNC_SKIP_FUZZ=1): the clang build replays every seed and regression
# (ctest label fuzz), then fuzzes each target for PCSYNC_FUZZ_SECONDS (default 10) and fails on any crash,
# leak, UB report or timeout.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# ccache keyed on paths relative to the checkout, so every clone of the project shares one cache.
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}" CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1

run_preset() {
  cmake --preset "$1" >/dev/null
  cmake --build --preset "$1"
  ctest --preset "$1"
}

run_preset release
if [ "${PCSYNC_SKIP_ASAN:-0}" != 1 ]; then
  run_preset asan
fi
if [ "${PCSYNC_SKIP_FUZZ:-0}" != 1 ]; then
  run_preset fuzz
  bash scripts/fuzz.sh "${PCSYNC_FUZZ_SECONDS:-10}"
fi
