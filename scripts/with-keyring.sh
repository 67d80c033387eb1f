#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a scratch HOME and a
# fresh, unlocked gnome-keyring: the real Secret Service, isolated from the
# user's own keyring. Used by test.sh and for running single tests by hand:
#   bash scripts/with-keyring.sh cargo test -p roster --lib vault
set -euo pipefail
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
export PATH="$CARGO_HOME/bin:$PATH"
# The SCIM test servers setup.sh installed under the real HOME (see setup.sh).
export ROSTER_SCIM_VENV="${ROSTER_SCIM_VENV:-$HOME/.cache/roster/scim-venv}"
scratch=$(mktemp -d)
# WebKit may start xdg-document-portal, which mounts a FUSE folder in the runtime dir.
# Cleanup must never change the exit status: under `set -e` a failing command
# inside an EXIT trap ends the script with that command's status (a CI run
# whose tests all passed exited 1 when fusermount could not unmount).
cleanup() {
  local rc=$?
  fusermount -u "$scratch/run/doc" 2>/dev/null || true
  rm -rf "$scratch" 2>/dev/null || true
  exit "$rc"
}
trap cleanup EXIT
mkdir -p "$scratch/run" && chmod 700 "$scratch/run"
HOME="$scratch" XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run" \
  dbus-run-session -- bash -c '
    printf "test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec "$@"
  ' with-keyring "$@"
