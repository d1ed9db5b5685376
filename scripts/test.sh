#!/usr/bin/env bash
# Sets up a Debian 12 machine (scripts/setup.sh), builds, and runs every test: the optimised build first,
# then the same tests under AddressSanitizer + UndefinedBehaviorSanitizer (skip with PCSYNC_SKIP_ASAN=1).
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
