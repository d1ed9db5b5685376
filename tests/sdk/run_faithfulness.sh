#!/usr/bin/env bash
# ctest wrapper: installs the SDK (npm ci) into a cache dir when missing, starts pcsync-sim on 127.0.0.1:0 with
# sdk-scenario.yaml, runs faithfulness.mjs against it, stops it. Exit 77 (ctest SKIP) only when node/npm is absent.
# usage: run_faithfulness.sh PCSYNC_SIM_BINARY CACHE_DIR
set -euo pipefail
sim_binary=$1
cache=$2
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "SKIP: node and npm are needed for the AWS SDK faithfulness test (apt-get install nodejs npm)"
  exit 77
fi
mkdir -p "$cache"
if [ ! -d "$cache/node_modules/@aws-sdk/client-partnercentral-selling" ] || ! cmp -s "$here/package-lock.json" "$cache/package-lock.json"; then
  cp "$here/package.json" "$here/package-lock.json" "$cache/"
  (cd "$cache" && npm ci --no-audit --no-fund --loglevel=error)
fi
cp "$here/faithfulness.mjs" "$cache/"

coproc SIM { exec "$sim_binary" --scenario "$here/sdk-scenario.yaml" --listen 127.0.0.1:0; }
sim_pid=$SIM_PID
trap 'kill -TERM $sim_pid 2>/dev/null || true; wait $sim_pid 2>/dev/null || true' EXIT
if ! read -r -t 10 -u "${SIM[0]}" line; then
  echo "pcsync-sim did not print its listening line within 10 s"
  exit 1
fi
port=${line##*:}
echo "$line"
PCSYNC_SIM_ENDPOINT="http://127.0.0.1:$port" \
PCSYNC_SIM_ACCESS_KEY_ID=AKIDSDKFAITHFULNESS \
PCSYNC_SIM_SECRET_ACCESS_KEY=sdk-faithfulness-secret-not-a-real-key \
PCSYNC_SIM_EXPECTED_INVITATIONS=23 \
AWS_EC2_METADATA_DISABLED=true \
  timeout 60 node "$cache/faithfulness.mjs"
