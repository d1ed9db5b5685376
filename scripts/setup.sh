#!/usr/bin/env bash
# Installs what building and testing pcsyncd needs on Debian 12, and nothing else; arguments name more
# packages to install the same way (scripts/package.sh passes its packaging tools).
# Idempotent: a package already present is not touched; runs apt only when something is missing.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config ccache git ca-certificates openssl
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev libsqlitecpp-dev libsqlite3-dev libyaml-cpp-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev libsystemd-dev libre2-dev libcli11-dev libxxhash-dev sqlite3 python3
)
# tests/packaging reads the units with systemd-analyze, the man pages with man and runs the completion.
packages+=(systemd man-db bash-completion)
# The fuzz build (preset fuzz, the last stage of scripts/test.sh): clang, libFuzzer and the sanitizer runtimes,
# llvm-symbolizer for readable reports. Left out with PCSYNC_SKIP_FUZZ=1.
fuzzing=(clang-14 libclang-rt-14-dev llvm-14)
[ "${PCSYNC_SKIP_FUZZ:-0}" = 1 ] || packages+=("${fuzzing[@]}")
packages+=("$@")
# node runs the AWS SDK faithfulness test and the SDK side of the benchmarks.
optional=(nodejs npm)

missing=()
for p in "${packages[@]}" ${PCSYNC_WITH_NODE:+"${optional[@]}"}; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done

if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
