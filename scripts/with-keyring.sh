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
mkdir -p "$scratch/run" "$scratch/data" && chmod 700 "$scratch/run"
# gnome-keyring-daemon has been seen to crash under a loaded test run (a GLib
# assertion); D-Bus then starts it again on the next call. These service files
# (found before the system's because they sit under XDG_DATA_HOME) make every
# start, the first one included, an unlocked daemon over the same scratch
# keyring, so a crash costs at most the call in flight, which the vault retries.
bash "$(dirname "$0")/keyring-services.sh" "$scratch/data" test
ROSTER_TEST_KEYRING=1 HOME="$scratch" XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run" \
  dbus-run-session -- bash -c '
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.StartServiceByName string:org.freedesktop.secrets uint32:0 >/dev/null
    exec "$@"
  ' with-keyring "$@"
