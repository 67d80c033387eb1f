#!/usr/bin/env bash
# README command 1: install what is missing, build the UI and the app, open Roster.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

printf '\033[1m==> %s\033[0m\n' "Building the UI and the app"
(cd ui && npm run --silent build)
cargo build -p roster

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  # Installs what the suggested command needs (Xvfb's xvfb-run, and the keyring it starts below).
  bash scripts/setup.sh --headless
  echo "No display found, so Roster's window cannot open here. Run it under Xvfb instead:  xvfb-run -a bash scripts/run.sh" >&2
  exit 2
fi

# A desktop session has a keyring; a bare X server (Xvfb, ssh -X) may not.
# Then Roster gets a private gnome-keyring for this run; its files persist in
# ~/.local/share/keyrings, so the database key survives between runs. It is
# unlocked with the fixed password "roster": gnome-keyring will not create a
# login keyring with an empty one without a prompt (and there is no desktop
# to prompt on), which left Roster without a keyring on a fresh machine.
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && [ -z "${ROSTER_IN_DBUS:-}" ]; then
  bash scripts/setup.sh --headless
  echo "No session bus found: starting one with gnome-keyring for Roster's secrets." >&2
  # Service files placed before the system's (D-Bus searches XDG_DATA_DIRS in
  # order) make D-Bus start the keyring unlocked, now and after a crash;
  # Debian's own would restart it locked. XDG_DATA_HOME is left alone, so the
  # keyring files still persist in ~/.local/share/keyrings.
  services="${XDG_CACHE_HOME:-$HOME/.cache}/roster/session-services"
  bash scripts/keyring-services.sh "$services" roster
  exec env ROSTER_IN_DBUS=1 XDG_DATA_DIRS="$services:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}" \
    dbus-run-session -- bash "$0" "$@"
fi
if [ -n "${ROSTER_IN_DBUS:-}" ]; then
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.StartServiceByName string:org.freedesktop.secrets uint32:0 >/dev/null
fi
# The build above put the binary in CARGO_TARGET_DIR when that is set.
exec "${CARGO_TARGET_DIR:-target}/debug/roster" --sandbox "$@"
