#!/usr/bin/env bash
# Checks the manual pages and the bash completion against the programs themselves:
#   every page renders without a groff warning (as lintian reads them);
#   every usage line of `pcsyncctl help` heads a section of pcsyncctl.1, and the completion offers each
#   command and each of its options (run through bash-completion, as an interactive shell would);
#   every option of `pcsyncd --help` and `pcsync-sim --help` is in pcsyncd.8 and pcsync-sim.1.
# The config keys and rule matchers of pcsyncd.yaml.5 are checked by test_man_pages (C++, from the tables).
# usage: docs_test.sh SOURCE_DIR PCSYNCD PCSYNCCTL PCSYNC_SIM
set -uo pipefail
src=$1 pcsyncd=$2 pcsyncctl=$3 sim=$4
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

if ! command -v man >/dev/null; then
  echo "FAIL: man not found (apt-get install man-db): the manual pages are unchecked"
  exit 1
fi
bash_completion=/usr/share/bash-completion/bash_completion
if [ ! -r "$bash_completion" ]; then
  echo "FAIL: $bash_completion not found (apt-get install bash-completion; scripts/setup.sh does): the completion is unchecked"
  exit 1
fi

for page in "$src"/man/*.[0-9]; do
  warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null)
  [ -z "$warnings" ] || fail "$(basename "$page"): groff warnings: $warnings"
done

# roff_text TEXT: how TEXT is written in roff source (every - as \-).
roff_text() { sed 's/-/\\-/g' <<<"$1"; }

# completions_for WORD...: what the completion offers with the cursor at the end of the last WORD.
completions_for() {
  bash -c '
    source "$1"; source "$2"; shift 2
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    _pcsyncctl; printf "%s\n" "${COMPREPLY[@]}"' _ "$bash_completion" "$src/ctl/pcsyncctl.bash-completion" "$@"
}

usages=$("$pcsyncctl" help | sed -n 's/^  \([a-z].*\)$/\1/p')
[ -n "$usages" ] || fail "pcsyncctl help listed no commands"
commands_offered=$(completions_for "$pcsyncctl" "")
while IFS= read -r usage; do
  command=${usage%% *}
  if ! grep -qxF ".SS \"$(roff_text "$usage")\"" "$src/man/pcsyncctl.1"; then
    fail "pcsyncctl.1 has no section headed '.SS \"$(roff_text "$usage")\"' (pcsyncctl help: $usage)"
  fi
  grep -qxF "$command" <<<"$commands_offered" || fail "the completion does not offer the command '$command'"
  [ "$command" = help ] && continue
  words=("$pcsyncctl" "$command")
  [ "$command" = rules ] && words+=(test)
  offered=$(completions_for "${words[@]}" "--")
  for option in $(grep -o -- '--[a-z-]*' <<<"$usage" | sort -u); do
    grep -qxF -- "$option" <<<"$offered" || fail "the completion does not offer $option after 'pcsyncctl $command'"
  done
done <<<"$usages"
operations=$(completions_for "$pcsyncctl" call ListEngagementInv)
grep -qxF ListEngagementInvitations <<<"$operations" ||
  fail "the completion does not offer ListEngagementInvitations after 'pcsyncctl call' (got: $operations)"
statuses=$(completions_for "$pcsyncctl" tasks --status "")
[ "$(echo $statuses)" = "IN_PROGRESS COMPLETE FAILED" ] || fail "tasks --status completes '$(echo $statuses)'"
# Global options may come before the command (pcsyncctl --db FILE tasks ...).
statuses=$(completions_for "$pcsyncctl" --db pcsync.db tasks --status "")
[ "$(echo $statuses)" = "IN_PROGRESS COMPLETE FAILED" ] || fail "--db F tasks --status completes '$(echo $statuses)'"
globals=$(completions_for "$pcsyncctl" --)
for option in --db --config --json --version; do
  grep -qxF -- "$option" <<<"$globals" || fail "the completion does not offer the global option $option"
done

for pair in "$pcsyncd:pcsyncd.8" "$sim:pcsync-sim.1"; do
  program=${pair%%:*} page=$src/man/${pair#*:}
  options=$("$program" --help | grep -o -- '--[a-z-]*' | sort -u)
  [ -n "$options" ] || fail "$(basename "$program") --help listed no options"
  for option in $options; do
    grep -qF -- "$(roff_text "$option")" "$page" || fail "$(basename "$page") does not describe $option"
  done
done

if [ "$failures" -ne 0 ]; then
  echo "docs: $failures check(s) failed"
  exit 1
fi
echo "docs: manual pages and completion match pcsyncctl help, pcsyncd --help and pcsync-sim --help"
