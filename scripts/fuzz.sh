#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz (see tests/fuzz/README.md), one after the other.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      default: 300 seconds, every target
#
# Builds the `fuzz` preset (clang) first. Each target starts from its seeds (tests/fuzz/corpus/TARGET) and
# regressions (tests/fuzz/regressions/TARGET) and grows a working corpus outside the tree, in
# build/fuzz-work/TARGET/corpus, kept between runs. Crashes, leaks, UB reports and timeouts land in
# build/fuzz-work/TARGET/artifacts. Prints a summary table and exits 1 when any target found something.
# PCSYNC_FUZZ_JOBS=N (default 1) runs N fuzzing processes per target (libFuzzer -fork); keep it at 1 on a
# shared 2-core machine. scripts/test.sh runs this for a few seconds per target as its last stage.
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}" CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1

seconds="${1:-300}"
shift || true
case "$seconds" in '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]" >&2; exit 64 ;; esac
jobs="${PCSYNC_FUZZ_JOBS:-1}"
# A UB report with its stack, like ASan's.
export UBSAN_OPTIONS="print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
fuzz_dir=tests/fuzz
bin_dir=build/fuzz/tests/fuzz
work_root=build/fuzz-work

if (($# > 0)); then
  targets=("$@")
else
  mapfile -t targets < <(sed -n 's/^pcs_fuzz_target(\([a-z0-9_]*\) .*/\1/p' "$fuzz_dir/CMakeLists.txt")
fi

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target "${targets[@]/#/fuzz_}"

# The decoders share one dictionary; any other target may have its own.
dictionary_for() {
  case "$1" in
    decode_*) echo "$fuzz_dir/dict/response_json.dict" ;;
    *) [ -f "$fuzz_dir/dict/$1.dict" ] && echo "$fuzz_dir/dict/$1.dict" ;;
  esac
  return 0
}

# The last value of a libFuzzer statistic in a log ("stat::number_of_executed_units: 123"), or of the
# "#123" progress counter when the stat is missing (fork mode prints no final stats).
executions_in() {
  local n
  n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$1" | tail -1)
  [ -n "$n" ] || n=$(sed -n 's/^#\([0-9][0-9]*\)[:	 ].*/\1/p' "$1" | tail -1)
  echo "${n:-0}"
}

summary=()
failed=0
for target in "${targets[@]}"; do
  work="$work_root/$target"
  rm -rf "$work/artifacts"
  mkdir -p "$work/corpus" "$work/artifacts"
  inputs=("$work/corpus")
  for kind in corpus regressions; do
    [ -d "$fuzz_dir/$kind/$target" ] && inputs+=("$fuzz_dir/$kind/$target")
  done
  args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$work/artifacts/")
  dict=$(dictionary_for "$target")
  [ -n "$dict" ] && args+=(-dict="$dict")
  ((jobs > 1)) && args+=(-fork="$jobs")
  echo "fuzz: $target for ${seconds}s" >&2
  start=$(date +%s)
  status=0
  "$bin_dir/fuzz_$target" "${args[@]}" "${inputs[@]}" >"$work/log" 2>&1 || status=$?
  elapsed=$(($(date +%s) - start))
  runs=$(executions_in "$work/log")
  found=$(find "$work/artifacts" -type f | wc -l)
  if ((status != 0)) && ((found == 0)); then found=1; fi  # died without an artifact (e.g. out of memory)
  if ((found > 0)); then
    failed=1
    echo "fuzz: $target FAILED; the report ends:" >&2
    grep -E 'ERROR:|SUMMARY:|fuzz property broken|about:|runtime error' "$work/log" | head -20 >&2 || true
    find "$work/artifacts" -type f | sed 's/^/fuzz:   input: /' >&2
  fi
  summary+=("$(printf '%-54s %12s %9s %8s %8s' "$target" "$runs" "$((runs / (elapsed > 0 ? elapsed : 1)))" \
    "$(find "$work/corpus" -type f | wc -l)" "$found")")
done

printf '\n%-54s %12s %9s %8s %8s\n' target executions exec/s corpus crashes
printf '%s\n' "${summary[@]}"
if ((failed)); then
  echo "fuzz: some target failed; logs and inputs are under $work_root/TARGET (tests/fuzz/README.md says what next)" >&2
  exit 1
fi
