#!/usr/bin/env bash
# Builds the Debian packages (debian/) from this checkout and prints their paths: pcsyncd, pcsync-sim and
# their -dbgsym packages, in build/package/. Installs the build tools it needs when missing, builds with
# Debian's hardening flags and ccache, without the test suite (CI runs it: scripts/test.sh), then runs
# lintian, which must report no errors, and hardening-check on the shipped binaries.
# The build runs in a copy of the checkout (build/package/pcsyncd-VERSION, tracked and untracked files, not
# ignored ones), so build/release and the checkout itself are left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# The compiler and the libraries, and the packaging tools.
bash scripts/setup.sh debhelper dpkg-dev devscripts fakeroot lintian

# One version: CMakeLists.txt's project() is the source, debian/changelog must agree.
version=$(sed -n 's/^project(pcsyncd VERSION \([0-9][0-9.]*\).*/\1/p' CMakeLists.txt)
changelog_version=$(dpkg-parsechangelog -S Version)
if [ "$version" != "$changelog_version" ]; then
  echo "package: CMakeLists.txt says $version but debian/changelog says $changelog_version;" \
       "add a changelog entry: dch -v $version" >&2
  exit 1
fi

out=build/package
src=$out/pcsyncd-$version
rm -rf "$src" "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo
mkdir -p "$src"
git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
  tar -c --null -T - | tar -x -C "$src"

# The same revision `pcsyncd --version` shows in a build from the checkout.
export PCSYNC_GIT_REVISION
PCSYNC_GIT_REVISION=$(git describe --always --dirty --abbrev=7 --exclude='*' 2>/dev/null || echo unknown)
# debhelper points HOME at a temporary directory: name the cache explicitly. Paths are hashed relative to
# the copy, so a rebuild of the same checkout is served from the cache.
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}" CCACHE_BASEDIR="$root/$src" CCACHE_NOHASHDIR=1
export DEB_BUILD_OPTIONS="nocheck parallel=${PCSYNC_PACKAGE_JOBS:-2} ${DEB_BUILD_OPTIONS:-}"

log=$out/build.log
echo "package: building pcsyncd $version (git $PCSYNC_GIT_REVISION) in $src; log: $log" >&2
if ! (cd "$src" && dpkg-buildpackage -b -us -uc -Pnocheck) >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "package: dpkg-buildpackage failed; the whole log is $log" >&2
  exit 1
fi

changes=$out/pcsyncd_${version}_amd64.changes
echo "package: lintian $changes" >&2
# Errors fail the build; warnings and the rest are printed for whoever changes the packaging.
lintian --fail-on error --display-level '>=info' "$changes" >&2

# The binaries as shipped: PIE, stack protector, _FORTIFY_SOURCE, full RELRO with BIND_NOW (hardening-check,
# from devscripts, fails on any of them missing). Not CET: Debian 12's glibc cannot have it (debian/rules).
shipped=$(mktemp -d)
trap 'rm -rf "$shipped"' EXIT
for deb in "$out"/pcsyncd_"$version"_amd64.deb "$out"/pcsync-sim_"$version"_amd64.deb; do
  dpkg-deb -x "$deb" "$shipped"
done
echo "package: hardening-check usr/bin/*" >&2
hardening-check --nocfprotection "$shipped"/usr/bin/* >&2 || { echo "package: hardening-check failed" >&2; exit 1; }

ls "$root/$out"/*_"$version"_amd64.deb
