#!/usr/bin/env bash
# README command 2 (and CI): every check and every test layer.
#   lint: cargo fmt --check, clippy -D warnings, tsc, eslint; the benches build
#   Rust: unit + integration tests, including the real OS keyring and the real
#         window (tauri-driver + WebKitWebDriver under Xvfb)
#   UI:   vitest, then Playwright in Chromium with axe accessibility checks
#   the installed .deb: scripts/test-package.sh
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

bash scripts/setup.sh --test

step "Formatting and lints"
cargo fmt --all -- --check
(cd ui && npm run --silent typecheck && npm run --silent lint)

step "Building the UI and the app"
(cd ui && npm run --silent build)
cargo build -p roster
# The benches keep building (debug profile; scripts/bench.sh runs them in release).
cargo build -p roster --benches
cargo clippy --workspace --all-targets -- -D warnings

step "UI unit tests (vitest)"
(cd ui && npm test --silent)

step "UI in Chromium (Playwright + axe)"
(cd ui && npm run --silent e2e)

# The real Secret Service (scripts/with-keyring.sh) and an Xvfb display for
# the real window.
step "Rust tests with the real keyring and the real window"
bash scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x800x24" cargo test --workspace --no-fail-fast

# The debug build tested above, bundled as the .deb an admin installs (no rebuild; package.sh
# makes the release .deb and .rpm), installed here with dpkg -i, checked as a user meets it
# (desktop entry, icon, --version, sandbox --json, the window), removed with dpkg -r.
step "The installed package: .deb of the debug build, installed, checked, removed"
target=${CARGO_TARGET_DIR:-target}
rm -rf "$target/debug/bundle/deb"
ui/node_modules/.bin/tauri bundle --ci --debug --bundles deb --no-binary-patching
bash scripts/test-package.sh "$(ls "$target"/debug/bundle/deb/*.deb)" debug

step "All tests passed in $(( $(date +%s) - start )) s"
