#!/usr/bin/env bash
# Checks both systemd units (systemd/pcsyncd.service and systemd/pcsyncd@.service):
#   systemd-analyze security --offline=yes rates each 1.2 or lower (and a copy without the sandbox above it,
#   so the rating is really read); systemd-analyze verify reports nothing; both carry
#   RestartPreventExitStatus=64 78; and their sandbox sections are identical, so they cannot drift.
# usage: units_test.sh UNITS_DIR PCSYNCD_BINARY
set -uo pipefail
units_dir=$1
pcsyncd=$2

if ! command -v systemd-analyze >/dev/null; then
  echo "FAIL: systemd-analyze not found: install systemd (Debian 12: apt-get install systemd); the units are unchecked"
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# exposure UNIT_FILE: prints the overall exposure level systemd-analyze gives the unit file.
exposure() {
  systemd-analyze security --offline=yes "$1" 2>&1 | sed -n 's/.*Overall exposure level for .*: \([0-9][0-9.]*\) .*/\1/p'
}

for unit in pcsyncd.service pcsyncd@.service; do
  # verify checks that ExecStart's program exists: run the one just built instead of /usr/bin/pcsyncd.
  sed "s|^ExecStart=/usr/bin/pcsyncd |ExecStart=$pcsyncd |" "$units_dir/$unit" >"$work/$unit"
  grep -q "^ExecStart=$pcsyncd " "$work/$unit" || fail "$unit: no 'ExecStart=/usr/bin/pcsyncd ...' line"

  # verify exits 0 on warnings such as an unknown key or a bad value: anything it prints is a failure.
  out=$(systemd-analyze verify "$work/$unit" 2>&1)
  status=$?
  if [ "$status" -ne 0 ] || [ -n "$out" ]; then
    fail "$unit: systemd-analyze verify (exit $status): $out"
  else
    echo "ok: $unit: systemd-analyze verify reports nothing"
  fi

  level=$(exposure "$work/$unit")
  if [ -z "$level" ]; then
    fail "$unit: systemd-analyze security gave no exposure level"
  elif ! systemd-analyze security --offline=yes --threshold=12 "$work/$unit" >/dev/null 2>&1; then
    fail "$unit: exposure $level, above 1.2"
  else
    echo "ok: $unit: exposure $level (at most 1.2)"
  fi

  codes=$(sed -n 's/^RestartPreventExitStatus=//p' "$units_dir/$unit" | tr ' ' '\n' | sort -n | tr '\n' ' ')
  if [ "$codes" != "64 78 " ]; then
    fail "$unit: RestartPreventExitStatus is '${codes% }', expected '64 78' (bad arguments, unusable configuration)"
  else
    echo "ok: $unit: RestartPreventExitStatus=64 78"
  fi
done

# The rating is real: the same unit without its sandbox must score far worse.
sed '/^# Hardening:/,/^\[Install\]/{/^\[Install\]/!d}' "$work/pcsyncd.service" >"$work/unhardened.service"
level=$(exposure "$work/unhardened.service")
if [ -z "$level" ] || systemd-analyze security --offline=yes --threshold=12 "$work/unhardened.service" >/dev/null 2>&1; then
  fail "a copy without the sandbox section was not rated above 1.2 (got '${level}'): the check reads nothing"
else
  echo "ok: without its sandbox the unit rates $level"
fi

sandbox() { sed -n '/^# Hardening:/,/^\[Install\]/p' "$1"; }
if ! diff <(sandbox "$units_dir/pcsyncd.service") <(sandbox "$units_dir/pcsyncd@.service") >"$work/diff"; then
  fail "the sandbox sections of pcsyncd.service and pcsyncd@.service differ:"
  cat "$work/diff"
elif [ -z "$(sandbox "$units_dir/pcsyncd.service")" ]; then
  fail "pcsyncd.service has no '# Hardening:' section"
else
  echo "ok: both units have the same sandbox section"
fi

if [ "$failures" -ne 0 ]; then
  echo "units: $failures check(s) failed"
  exit 1
fi
echo "units: all checks passed"
