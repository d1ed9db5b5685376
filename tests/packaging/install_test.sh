#!/usr/bin/env bash
# Installs the Debian packages into a fresh Debian 12 root (debootstrap --variant=minbase bookworm) with apt,
# as a partner would (`apt install ./pcsyncd_VERSION_amd64.deb`, Depends pulled from the archive), then
# checks inside that root: pcsyncd --version; the pcsyncd user; the conffile, in dry run; the units and
# manual pages in place and pcsyncd neither enabled nor started; pcsync-sim (from its package) serving the
# demo scenario; `pcsyncctl doctor` against it; one `pcsyncd --once` cycle with the packaged configuration
# that decides and records but sends nothing; then apt remove (configuration kept) and purge (database kept).
#
# Too slow for every CI run (the first run bootstraps the root); run it by hand:
#   bash tests/packaging/install_test.sh [pcsyncd_VERSION_amd64.deb pcsync-sim_VERSION_amd64.deb]
# Without arguments it builds the packages with scripts/package.sh first. Needs root (debootstrap, chroot,
# mount) and Debian's archive. The bootstrapped root is kept as a tarball in $PCSYNC_INSTALL_TEST_CACHE
# (default /var/cache/pcsyncd-install-test); every run unpacks a fresh copy of it.
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s)
mirror=${PCSYNC_DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=${PCSYNC_INSTALL_TEST_CACHE:-/var/cache/pcsyncd-install-test}

passed=0 failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
elapsed() { echo "$(($(date +%s) - started)) s"; }

[ "$(id -u)" -eq 0 ] || { echo "FAIL: install_test.sh needs root (debootstrap, chroot, mount)"; exit 1; }
for tool in debootstrap python3; do
  command -v "$tool" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$tool" >/dev/null
done

if (($# == 0)); then
  echo "== building the packages (scripts/package.sh)"
  mapfile -t built < <(bash scripts/package.sh)
  set -- "${built[@]}"
  echo "== packages built after $(elapsed)"
fi
debs=()
for deb in "$@"; do
  case $(basename "$deb") in
    pcsyncd_*.deb | pcsync-sim_*.deb) debs+=("$(realpath "$deb")") ;;
  esac
done
((${#debs[@]} == 2)) || { echo "FAIL: need the pcsyncd and pcsync-sim .deb files, got: $*"; exit 1; }
version=$(dpkg-deb -f "${debs[0]}" Version)

base=$cache/bookworm-minbase.tar
if [ ! -f "$base" ]; then
  echo "== debootstrap --variant=minbase bookworm (once; cached in $base)"
  mkdir -p "$cache"
  staging=$(mktemp -d "$cache/root.XXXXXX")
  debootstrap --variant=minbase bookworm "$staging" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
    { tail -n 20 "$cache/debootstrap.log"; rm -rf "$staging"; echo "FAIL: debootstrap (log: $cache/debootstrap.log)"; exit 1; }
  chmod 0755 "$staging"  # mktemp made it 0700: the root directory of the root
  tar -C "$staging" -cf "$base.partial" . && mv "$base.partial" "$base"
  rm -rf "$staging"
  echo "== root bootstrapped after $(elapsed)"
fi

work=$(mktemp -d /var/tmp/pcsyncd-install-test.XXXXXX)
root=$work/root
sim_pid=""
cleanup() {
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
  for m in proc dev; do mountpoint -q "$root/$m" && umount -l "$root/$m"; done
  rm -rf "$work"
}
trap cleanup EXIT
mkdir "$root"
tar -C "$root" -xf "$base"
chmod 0755 "$root"  # as / is: the pcsyncd user runs programs inside
mount --bind /dev "$root/dev"
mount -t proc proc "$root/proc"
cp /etc/resolv.conf "$root/etc/resolv.conf"
cat >"$root/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${PCSYNC_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security} bookworm-security main
SOURCES
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

echo "== apt install ./$(basename "${debs[0]}") ./$(basename "${debs[1]}")"
mkdir "$root/tmp/debs"
cp "${debs[@]}" "$root/tmp/debs/"
if in_root apt-get update -qq >"$work/apt.log" 2>&1 &&
   in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${debs[@]/#*\//./tmp/debs/}" \
     >>"$work/apt.log" 2>&1; then
  pass "apt installed both packages and their dependencies ($(grep -c '^Setting up' "$work/apt.log") packages set up, $(elapsed))"
else
  tail -n 30 "$work/apt.log"
  fail "apt install"
  echo "install test: $passed passed, $failed failed"
  exit 1
fi

out=$(in_root pcsyncd --version 2>&1) && [[ $out == "pcsyncd $version (git "* ]] &&
  pass "pcsyncd --version: $out" || fail "pcsyncd --version printed '$out'"

user=$(in_root getent passwd pcsyncd || true)
[[ $user == pcsyncd:*:/var/lib/pcsyncd:/usr/sbin/nologin ]] && pass "the pcsyncd user exists: $user" ||
  fail "getent passwd pcsyncd: '$user'"

conffiles=$(in_root dpkg-query -W -f='${Conffiles}' pcsyncd)
grep -q '^ /etc/pcsyncd/pcsyncd.yaml ' <<<"$conffiles" && pass "/etc/pcsyncd/pcsyncd.yaml is a conffile" ||
  fail "conffiles: $conffiles"
grep -q '^dry_run: true' "$root/etc/pcsyncd/pcsyncd.yaml" && pass "the installed configuration is in dry run" ||
  fail "/etc/pcsyncd/pcsyncd.yaml has no 'dry_run: true'"

missing=()
for f in /lib/systemd/system/pcsyncd.service /lib/systemd/system/pcsyncd@.service \
         /usr/lib/sysusers.d/pcsyncd.conf /usr/share/man/man8/pcsyncd.8.gz /usr/share/man/man5/pcsyncd.yaml.5.gz \
         /usr/share/man/man1/pcsyncctl.1.gz /usr/share/man/man1/pcsync-sim.1.gz \
         /usr/share/bash-completion/completions/pcsyncctl /usr/share/doc/pcsyncd/README.md \
         /usr/share/doc/pcsyncd/copyright /usr/share/pcsync-sim/scenarios/demo.yaml \
         /usr/share/pcsyncd/prometheus/pcsyncd-alerts.yaml /usr/share/pcsyncd/grafana/pcsyncd-dashboard.json; do
  [ -e "$root$f" ] || missing+=("$f")
done
((${#missing[@]} == 0)) && pass "units, sysusers, manual pages, completion, docs and scenarios installed" ||
  fail "missing: ${missing[*]}"
enabled=$(find "$root/etc/systemd/system" -name 'pcsyncd*' 2>/dev/null)
[ -z "$enabled" ] && pass "pcsyncd is not enabled (no symlink under /etc/systemd/system)" || fail "enabled: $enabled"
sections=$(readelf -S "$root/usr/bin/pcsyncd" 2>&1)
if ! grep -q '\.text' <<<"$sections"; then
  fail "readelf -S /usr/bin/pcsyncd: $sections"
elif grep -q '\.debug_info' <<<"$sections"; then
  fail "/usr/bin/pcsyncd is not stripped"
else
  pass "pcsyncd is stripped ($(du -k "$root/usr/bin/pcsyncd" | cut -f1) KiB; pcsyncctl $(du -k "$root/usr/bin/pcsyncctl" | cut -f1) KiB)"
fi
echo "== pcsync-sim (demo scenario) and pcsyncctl doctor inside the root"
chroot "$root" env -i PATH=/usr/bin:/bin pcsync-sim --scenario /usr/share/pcsync-sim/scenarios/demo.yaml \
  --listen 127.0.0.1:0 --stats-file /tmp/sim-stats.json >"$work/sim.out" 2>"$work/sim.log" &
sim_pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/sim.out")
  [ -n "$port" ] && break
  kill -0 "$sim_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -n "$port" ]; then
  pass "pcsync-sim listening on 127.0.0.1:$port"
  # The packaged configuration, edited as an operator would: the simulator's endpoint, a scratch database.
  mkdir -m 0700 "$root/tmp/state"
  chroot "$root" chown pcsyncd:pcsyncd /tmp/state
  sed -e "s|^# endpoint_url: .*|endpoint_url: http://127.0.0.1:$port|" -e "s|^database: .*|database: /tmp/state/pcsync.db|" \
    "$root/etc/pcsyncd/pcsyncd.yaml" >"$root/tmp/sim.yaml"
  chmod 0644 "$root/tmp/sim.yaml"
  as_pcsyncd() {
    in_root runuser -u pcsyncd -- env AWS_ACCESS_KEY_ID=AKIDPCSYNCDEMO \
      AWS_SECRET_ACCESS_KEY=pcsync-demo-secret-not-a-real-key AWS_EC2_METADATA_DISABLED=true HOME=/tmp/state "$@"
  }
  if as_pcsyncd pcsyncctl doctor --config /tmp/sim.yaml >"$work/doctor.out" 2>&1; then
    pass "pcsyncctl doctor against pcsync-sim: $(tail -n 1 "$work/doctor.out")"
  else
    fail "pcsyncctl doctor:"
  fi
  sed 's/^/    /' "$work/doctor.out"
  once_ok=""
  if as_pcsyncd pcsyncd --config /tmp/sim.yaml --once --log-level warn >"$work/once.log" 2>&1; then
    once_ok=1
    # Dry-run decisions are recorded apart from real ones: "ACCEPTS REJECTS REAL".
    decided=$(as_pcsyncd pcsyncctl status --config /tmp/sim.yaml --json | python3 -c 'import json,sys
d = json.load(sys.stdin); dry = d["DryRunDecisionsByAction"]
print(dry.get("accept", 0), dry.get("reject", 0), sum(d["DecisionsByAction"].values()))')
    read -r accepts rejects real <<<"$decided"
    if [ "${accepts:-0}" -gt 0 ] && [ "${real:-1}" -eq 0 ]; then
      pass "pcsyncd --once in dry run recorded $accepts accept and $rejects reject decision(s), no real one"
    else
      fail "pcsyncd --once: dry-run accepts, rejects, real decisions: $decided"
    fi
  else
    cat "$work/once.log"
    fail "pcsyncd --once"
  fi
  kill "$sim_pid" && wait "$sim_pid" || true
  sim_pid=""
  # The simulator's own count: the cycle listed invitations and sent no accept and no reject.
  calls=$(python3 -c 'import json,sys; ops=json.load(open(sys.argv[1]))["operations"]
n=lambda o: ops.get(o, {}).get("calls", 0)
print(n("ListEngagementInvitations"), n("StartEngagementByAcceptingInvitationTask") + n("RejectEngagementInvitation"))' \
    "$root/tmp/sim-stats.json" 2>&1) || calls="unreadable stats: $calls"
  if [ -n "$once_ok" ] && [[ $calls =~ ^[1-9][0-9]*\ 0$ ]]; then
    pass "dry run: the simulator counted ${calls% *} listing call(s) and no accept or reject"
  else
    fail "dry run: simulator counts (listings, accepts+rejects): $calls"
  fi
else
  cat "$work/sim.log"
  fail "pcsync-sim did not start"
fi

echo "== apt remove, then apt purge"
mkdir -p "$root/var/lib/pcsyncd" && echo "decision history" >"$root/var/lib/pcsyncd/pcsync.db"
if in_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y -q pcsyncd >>"$work/apt.log" 2>&1; then
  [ ! -e "$root/usr/bin/pcsyncd" ] && [ -f "$root/etc/pcsyncd/pcsyncd.yaml" ] &&
    pass "apt remove: the binaries are gone, the configuration stays" || fail "apt remove left the wrong files"
else
  fail "apt remove pcsyncd"
fi
if in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q pcsyncd >>"$work/apt.log" 2>&1; then
  [ ! -e "$root/etc/pcsyncd/pcsyncd.yaml" ] && [ -f "$root/var/lib/pcsyncd/pcsync.db" ] &&
    pass "apt purge: the configuration is gone, the database stays" || fail "apt purge removed the wrong files"
else
  fail "apt purge pcsyncd"
fi

echo "install test: $passed passed, $failed failed ($(elapsed))"
[ "$failed" -eq 0 ]
