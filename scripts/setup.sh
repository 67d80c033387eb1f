#!/usr/bin/env bash
# Installs what Roster needs to build (and, with --test, to test) on Debian 12.
# Idempotent: each step checks first and skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_PKGS=(libwebkit2gtk-4.1-dev libsoup-3.0-dev libgtk-3-dev librsvg2-dev libssl-dev
  libdbus-1-dev build-essential pkg-config)
# --headless (run.sh on a machine without a desktop): xvfb/xauth for `xvfb-run`, and
# gnome-keyring/dbus for the private keyring run.sh starts when there is no session bus.
HEADLESS_PKGS=(xvfb xauth gnome-keyring dbus)
# xvfb/xauth: a display for the window; gnome-keyring/dbus: a real Secret Service;
# libsecret-tools: secret-tool; chromium: Playwright's browser; sqlite3: proves encryption;
# xdotool: types a file name into the native save dialog in the window tests;
# python3-venv: the SCIM test servers' virtual environment (below).
# The installed-package test (test-package.sh): openbox draws the window's title bar and icon,
# desktop-file-utils validates the desktop entry, libglib2.0-bin's gio opens it as a menu
# does, x11-utils' xprop reads the window's title, class and icon.
TEST_PKGS=(xvfb xauth imagemagick webkit2gtk-driver gnome-keyring dbus dbus-x11
  libsecret-tools chromium sqlite3 xdotool openbox desktop-file-utils libglib2.0-bin x11-utils
  python3-venv)

want_test=0 want_headless=0
case "${1:-}" in
  --test) want_test=1 ;;
  --headless) want_headless=1 ;;
esac

note() { printf '\033[1m==> %s\033[0m\n' "$*"; }

pkgs=("${BUILD_PKGS[@]}")
[ $want_test = 1 ] && pkgs+=("${TEST_PKGS[@]}")
[ $want_headless = 1 ] && pkgs+=("${HEADLESS_PKGS[@]}")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  note "Installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

[ $want_headless = 1 ] && exit 0

# npm packages: reinstall only when the lock file changed since the last install.
stamp=ui/node_modules/.roster-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s ui/package-lock.json "$stamp"; then
  note "Installing UI packages (npm ci)"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  cp ui/package-lock.json "$stamp"
fi

if [ $want_test = 1 ] && ! command -v tauri-driver >/dev/null 2>&1; then
  note "Installing tauri-driver (cargo install, once)"
  cargo install tauri-driver --locked --quiet
fi

# The SCIM test parts from PyPI (scim2-server, scim2-cli with scim2-tester), pinned in
# scripts/scim-requirements.txt, in their own virtual environment; rebuilt only when the
# pins change. The app never needs Python: only the provisioning tests start these.
if [ $want_test = 1 ]; then
  venv=${ROSTER_SCIM_VENV:-$HOME/.cache/roster/scim-venv}
  if ! cmp -s scripts/scim-requirements.txt "$venv/.roster-requirements" 2>/dev/null; then
    note "Installing the SCIM test servers into $venv (pip)"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/scim-requirements.txt
    cp scripts/scim-requirements.txt "$venv/.roster-requirements"
  fi
fi
