#!/usr/bin/env bash
# One command for the benchmarks: builds pcsyncd, pcsyncctl, pcsync-sim and pcs-bench-measure (release preset, -j2), installs the
# AWS SDK for JavaScript v3 from tests/sdk's lock file into build/release/bench/sdk-cache when missing or stale,
# then runs bench/bench.py. Prints figures; asserts no time limit.
# usage: bash bench/run.sh [all | governor | governor-w5 | governor-w1 | mirror | steady]...
# env: BENCH_NO_BUILD=1 skips the build and BENCH_BIN names the build tree (default build/release); the CMake
#      target `bench` sets both after building the binaries in its own tree.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  cmake --preset release >/dev/null
  cmake --build --preset release -j2 --target pcsyncd pcsyncctl pcsync-sim pcs-bench-measure
fi

bin=${BENCH_BIN:-build/release}
sdk_args=()
if command -v node >/dev/null && command -v npm >/dev/null; then
  cache=$bin/bench/sdk-cache
  mkdir -p "$cache"
  # Reuse the project's one lock file (tests/sdk) so the benchmark runs the same SDK version the
  # faithfulness test checks against the simulator.
  if [ ! -d "$cache/node_modules/@aws-sdk/client-partnercentral-selling" ] || ! cmp -s tests/sdk/package-lock.json "$cache/package-lock.json"; then
    cp tests/sdk/package.json tests/sdk/package-lock.json "$cache/"
    (cd "$cache" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  # Node resolves ES module imports from the script's own directory, so the scripts run from the cache.
  cp bench/js/*.mjs "$cache/"
  sdk_args=(--sdk-cache "$cache")
else
  echo "note: node/npm not found, the AWS SDK for JavaScript runs are skipped (apt-get install nodejs npm)"
fi
exec python3 bench/bench.py --bin "$bin" "${sdk_args[@]}" "$@"
