#!/usr/bin/env bash
# promtool on what pcsyncd ships and serves: `promtool check rules` and `promtool test rules` on the alert rules
# (config/prometheus/pcsyncd-alerts.yaml, cases in pcsyncd-alerts.test.yaml), then `promtool check metrics` on a
# real scrape of pcsyncd running against pcsync-sim. Without promtool (Debian package prometheus) it says so
# and exits 77, which ctest reports as skipped, never as passed.
# Usage: promtool_test.sh SOURCE_DIR PCSYNCD PCSYNC_SIM
set -euo pipefail
src=$1 pcsyncd=$2 sim=$3

if ! command -v promtool >/dev/null; then
  echo "promtool not installed: install the Debian package prometheus (apt-get install --no-install-recommends prometheus) to check the alert rules and the metrics format"
  exit 77
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

promtool check rules "$src/config/prometheus/pcsyncd-alerts.yaml"
promtool test rules "$src/tests/integration/service/pcsyncd-alerts.test.yaml"

# pcsync-sim on a port of its choosing; its first line names it.
"$sim" --scenario "$src/sim/scenarios/demo.yaml" --listen 127.0.0.1:0 >"$work/sim.out" 2>"$work/sim.err" &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/sim.out" ] && break; sleep 0.1; done
sim_port=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$work/sim.out")
[ -n "$sim_port" ] || { echo "pcsync-sim did not start:"; cat "$work/sim.err"; exit 1; }

scrape() {  # body of GET /metrics on port $1, or nothing
  local raw
  raw=$(timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1 && printf 'GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3 && cat <&3" 2>/dev/null) || return 0
  printf '%s\n' "$raw" | tr -d '\r' | sed '1,/^$/d'
}

# metrics_listen needs a fixed port: try a few until one is free (pcsyncd exits 78 when it cannot bind).
for attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 20000))
  cat >"$work/pcsyncd.yaml" <<YAML
catalog: Sandbox
region: us-east-1
endpoint_url: http://127.0.0.1:$sim_port
database: $work/pcsync.db
poll_interval: 10s
metrics_listen: 127.0.0.1:$port
rules:
  - name: us
    when:
      customer_country: [US]
    action: accept
default_action: ignore
YAML
  env -i HOME="$work" PATH=/usr/bin:/bin AWS_ACCESS_KEY_ID=AKIDPCSYNCDEMO \
    AWS_SECRET_ACCESS_KEY=pcsync-demo-secret-not-a-real-key AWS_EC2_METADATA_DISABLED=true \
    AWS_CONFIG_FILE="$work/none" AWS_SHARED_CREDENTIALS_FILE="$work/none" \
    "$pcsyncd" --config "$work/pcsyncd.yaml" >/dev/null 2>"$work/pcsyncd.err" &
  daemon=$!
  pids+=("$daemon")
  body=""
  for _ in $(seq 100); do  # 10 s
    kill -0 "$daemon" 2>/dev/null || break
    body=$(scrape "$port")
    # Wait for a scrape with every kind of family: a histogram series needs a call made.
    if grep -q '^pcsyncd_api_request_duration_seconds_bucket' <<<"$body"; then break; fi
    sleep 0.1
  done
  if grep -q '^pcsyncd_api_request_duration_seconds_bucket' <<<"$body"; then break; fi
  kill -KILL "$daemon" 2>/dev/null || true
  body=""
done
[ -n "$body" ] || { echo "no scrape from pcsyncd:"; cat "$work/pcsyncd.err"; exit 1; }
printf '%s\n' "$body" >"$work/scrape.txt"
echo "scraped $(grep -vc '^#' "$work/scrape.txt") samples from pcsyncd on 127.0.0.1:$port"
promtool check metrics <"$work/scrape.txt"
echo "promtool check metrics: no problems"
