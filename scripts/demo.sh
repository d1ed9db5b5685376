#!/usr/bin/env bash
# The main job, end to end on this machine: set up (scripts/setup.sh), build, start pcsync-sim with the demo
# scenario on loopback, run pcsyncd against it until every decision and task it started has finished, then
# show what happened with pcsyncctl. State goes to /tmp/pcsyncd-demo (removed first); nothing else is touched.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# ccache keyed on paths relative to the checkout, so every clone of the project shares one cache.
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}" CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
cmake --preset release >/dev/null
cmake --build --preset release --target pcsyncd pcsyncctl pcsync-sim

bin=build/release
state=/tmp/pcsyncd-demo
rm -rf "$state"
mkdir -p "$state/state"

"$bin/sim/pcsync-sim" --scenario sim/scenarios/demo.yaml --listen 127.0.0.1:0 \
  --stats-file "$state/sim-stats.json" >"$state/sim.out" 2>"$state/sim.log" &
sim_pid=$!
trap 'kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true' EXIT

port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$state/sim.out" | head -n 1)
  [ -n "$port" ] && break
  kill -0 "$sim_pid" 2>/dev/null || { cat "$state/sim.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "demo: pcsync-sim did not start" >&2; exit 1; }
sed "s/PORT/$port/" config/demo.yaml >"$state/pcsyncd.yaml"
echo "== pcsync-sim listening on 127.0.0.1:$port (scenario sim/scenarios/demo.yaml)"

# The simulator's demo credentials; HOME points at the state directory so no real ~/.aws is read, and no
# instance metadata is tried.
export AWS_ACCESS_KEY_ID=AKIDPCSYNCDEMO
export AWS_SECRET_ACCESS_KEY=pcsync-demo-secret-not-a-real-key
export HOME="$state" AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING || true

echo "== pcsyncd --until-idle"
daemon_status=0
"$bin/daemon/pcsyncd" --config "$state/pcsyncd.yaml" --until-idle --log-level info || daemon_status=$?

echo
echo "== pcsyncctl status"
"$bin/ctl/pcsyncctl" status --config "$state/pcsyncd.yaml"
echo
echo "== pcsyncctl invitations --decision accept"
"$bin/ctl/pcsyncctl" invitations --config "$state/pcsyncd.yaml" --decision accept
echo
echo "== pcsyncctl tasks"
"$bin/ctl/pcsyncctl" tasks --config "$state/pcsyncd.yaml"
echo
echo "Database: $state/state/pcsync.db (try: $bin/ctl/pcsyncctl show ID --config $state/pcsyncd.yaml)"
exit "$daemon_status"
