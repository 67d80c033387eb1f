#!/usr/bin/env bash
# Builds the release app and its Linux packages, a .deb and an .rpm, into dist/:
#   bash scripts/package.sh           # build the packages
#   bash scripts/package.sh --test    # then install the .deb here, check it, remove it (scripts/test-package.sh)
# The macOS and Windows bundles are built by .github/workflows/release.yml on hosted runners.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[1;31m%s\033[0m\n' "$*" >&2; exit 1; }

want_test=0
[ "${1:-}" = "--test" ] && want_test=1
if [ $want_test = 1 ]; then bash scripts/setup.sh --test; else bash scripts/setup.sh; fi

target=${CARGO_TARGET_DIR:-target}
bundles="$target/release/bundle"
rm -rf "$bundles/deb" "$bundles/rpm"

# tauri.conf.json's beforeBuildCommand builds the release UI first (npm run build:release).
step "Building the release app and its .deb and .rpm (several minutes)"
ui/node_modules/.bin/tauri build --ci --bundles deb,rpm

step "Checking that the release build has no debug-only hooks"
# The record of IPC replies holds employees' personal data: compiled out of the release UI,
# and the debug-only plugin that starts it (app::test_hooks) is not in the release binary.
if grep -rlq "__rosterIpcReplies" ui/dist; then fail "ui/dist still carries the record of IPC replies"; fi
if grep -aq -e "__rosterIpcReplies" -e "roster-test-hooks" "$target/release/roster"; then
  fail "$target/release/roster carries a debug-only test hook"
fi
# The web inspector is in debug builds only, unless tauri's devtools feature is on.
if cargo tree -p roster -e features -i tauri 2>/dev/null | grep -q 'feature "devtools"'; then
  fail "tauri's devtools feature is on: a release build would open the web inspector"
fi
echo "No test hooks in ui/dist or the release binary; no devtools."
# Puts back the ordinary UI build that run.sh, test.sh and the window tests embed in the debug app
# (with the record of IPC replies they read); the release app has its own copy built in.
(cd ui && npm run --silent build >/dev/null)

deb=$(ls "$bundles"/deb/*.deb)
rpm=$(ls "$bundles"/rpm/*.rpm)
version=$(dpkg-deb -f "$deb" Version)
arch=$(dpkg-deb -f "$deb" Architecture)
mkdir -p dist
rm -f dist/roster_*.deb dist/roster-*.rpm
cp "$deb" "dist/roster_${version}_${arch}.deb"
cp "$rpm" "dist/roster-${version}-1.$(uname -m).rpm"

step "Packages"
ls -l dist/roster_*.deb dist/roster-*.rpm
echo "Installed size: $(dpkg-deb -f "$deb" Installed-Size) KiB"
echo "Install on Debian or Ubuntu with: sudo apt install ./dist/roster_${version}_${arch}.deb"

if [ $want_test = 1 ]; then
  step "Installing the .deb here, checking it, removing it"
  bash scripts/test-package.sh "dist/roster_${version}_${arch}.deb" release
fi
step "Done in $(( $(date +%s) - start )) s"
