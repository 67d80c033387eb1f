#!/usr/bin/env bash
# Installs a built Roster .deb on this machine with dpkg, checks the installed app as an
# HR admin meets it (desktop entry, icon, `roster --version`, `roster sandbox --json`, the
# window opened from the desktop menu and on the sandbox company, the About panel's version),
# then removes it with dpkg -r and checks that none of its files are left; only the user's
# data folder stays. A trap removes the package however the checks end.
#   bash scripts/test-package.sh DEB debug|release
# test.sh runs it on the debug .deb it bundles; `package.sh --test` on the release .deb.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
fail() { printf '\033[1;31mpackage test: %s\033[0m\n' "$*" >&2; exit 1; }
artifacts=tests/artifacts
screen="-screen 0 1280x800x24"

# The part that runs inside the private keyring session and Xvfb (see the end of this file).
if [ "${1:-}" = "--inside" ]; then
  data=$2
  # A window manager, so the screenshot shows the title bar and the icon as a desktop would.
  openbox --sm-disable >/dev/null 2>&1 &
  wm=$!
  trap 'kill "$wm" 2>/dev/null || true' EXIT

  # Opens Roster the way the desktop menu does: through its desktop entry.
  ROSTER_DATA_DIR="$data" gio launch /usr/share/applications/Roster.desktop
  win=$(timeout 60 xdotool search --sync --onlyvisible --name '^Roster$' | head -1) ||
    fail "no window titled Roster appeared after opening the desktop entry"
  pid=$(xdotool getwindowpid "$win")
  [ "$(readlink "/proc/$pid/exe")" = /usr/bin/roster ] || fail "the window is not the installed /usr/bin/roster"
  props=$(xprop -id "$win" WM_CLASS _NET_WM_NAME _NET_WM_ICON)
  grep -q '^_NET_WM_NAME(UTF8_STRING) = "Roster"$' <<<"$props" || fail "window title: $props"
  grep -q 'WM_CLASS(STRING) = "roster", "Roster"' <<<"$props" || fail "the desktop entry's StartupWMClass=roster does not match: $(head -1 <<<"$props")"
  grep -q '^_NET_WM_ICON(CARDINAL) = ' <<<"$props" || fail "the window has no icon"
  # Waits until the web content (not just the title bar) has drawn, then keeps a screenshot of
  # the whole screen. A blank page is one colour; the Welcome screen's text has hundreds.
  shot="$artifacts/package-desktop-entry.png"
  mkdir -p "$artifacts"
  eval "$(xdotool getwindowgeometry --shell "$win")"
  colours=0
  for _ in $(seq 60); do
    sleep 1
    import -window root "$shot"
    colours=$(convert "$shot" -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage -format '%k' info:)
    [ "$colours" -gt 100 ] && break
  done
  [ "$colours" -gt 100 ] || fail "the window stayed blank ($colours colours in it): $shot"
  # It may still be loading its data: the screenshot kept is the one two seconds later.
  sleep 2
  import -window root "$shot"
  [ -f "$data/roster.db" ] || fail "the app opened from the menu made no database in its data folder"
  kill "$pid"
  echo "Opened from its desktop entry: window 'Roster' with its icon, $colours colours in it ($shot)"

  # The installed binary's CLI and window, through the black-box tests (tauri-driver).
  # --workspace keeps the feature set of test.sh's cargo test, so nothing is rebuilt.
  cargo test --workspace --test blackbox -- --ignored --test-threads=1 installed::
  exit 0
fi

deb=${1:?usage: bash scripts/test-package.sh DEB debug|release}
build=${2:?usage: bash scripts/test-package.sh DEB debug|release}
[ "$(id -u)" = 0 ] || fail "run it as root: it installs and removes a package"
pkg=$(dpkg-deb -f "$deb" Package)
version=$(dpkg-deb -f "$deb" Version)
if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"; then
  fail "$pkg is already installed on this machine; this test installs and removes it, so it leaves yours alone (remove it with: dpkg -r $pkg)"
fi

# What the package declares.
depends=$(dpkg-deb -f "$deb" Depends)
for dep in libwebkit2gtk-4.1-0 libgtk-3-0 libssl3 gnome-keyring; do
  grep -q "$dep" <<<"$depends" || fail "the package does not depend on $dep: $depends"
done

data=$(mktemp -d)
listed=$(mktemp)
remove() {
  local rc=$?
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"; then
    dpkg -r "$pkg" >/dev/null || rc=1
  fi
  rm -rf "$data" "$listed"
  exit "$rc"
}
trap remove EXIT
# Interrupted (Ctrl-C, a stopped CI run): exit normally so the EXIT trap removes the package.
trap 'exit 130' INT TERM HUP

printf '\033[1m==> %s\033[0m\n' "Installing $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB, installed $(dpkg-deb -f "$deb" Installed-Size) KiB)"
dpkg -i "$deb"
dpkg -L "$pkg" >"$listed"

# What it installed: the binary on the PATH, the desktop entry, the icons, the copyright.
[ "$(command -v roster)" = /usr/bin/roster ] || fail "roster is not on the PATH as /usr/bin/roster"
entry=/usr/share/applications/Roster.desktop
desktop-file-validate "$entry" || fail "$entry is not a valid desktop entry"
for line in "Name=Roster" "Exec=roster" "Icon=roster" "Categories=Office;X-HR;" "Terminal=false"; do
  grep -qx "$line" "$entry" || fail "$entry lacks $line"
done
grep -q "^Comment=." "$entry" || fail "$entry has no comment"
[ -s /usr/share/icons/hicolor/scalable/apps/roster.svg ] || fail "no scalable icon"
for size in 32x32 128x128 256x256@2 512x512; do
  [ -s "/usr/share/icons/hicolor/$size/apps/roster.png" ] || fail "no $size icon"
done
grep -q "^Copyright: " "/usr/share/doc/$pkg/copyright" || fail "no copyright file"

ROSTER_BIN=/usr/bin/roster ROSTER_PACKAGE_VERSION="$version" ROSTER_PACKAGE_BUILD="$build" \
  bash scripts/with-keyring.sh xvfb-run -a -s "$screen" bash "$0" --inside "$data/roster"

printf '\033[1m==> %s\033[0m\n' "Removing $pkg"
dpkg -r "$pkg"
left=()
while read -r path; do
  # Folders such as /usr/bin belong to other packages too; dpkg removes the ones that were only ours.
  if [ -d "$path" ]; then
    [ -n "$(dpkg -S "$path" 2>/dev/null)" ] || left+=("$path")
  elif [ -e "$path" ] || [ -L "$path" ]; then
    left+=("$path")
  fi
done <"$listed"
[ ${#left[@]} = 0 ] || fail "dpkg -r left these behind: ${left[*]}"
[ -f "$data/roster/roster.db" ] || fail "removing the package took the user's data folder with it"
echo "Removed: none of its $(wc -l <"$listed") paths are left; the user's data folder stays."
