#!/usr/bin/env bash
# Writes D-Bus session service files for the Secret Service into DIR/dbus-1/services
# so that every start of gnome-keyring-daemon by D-Bus (the first one, and any
# restart after a crash) is an unlocked daemon, unlocked with PASSWORD.
# Debian's own service file starts the keyring locked, and with no desktop to
# prompt on, every later secret call is refused ("Cannot create an item in a
# locked collection"). D-Bus searches XDG_DATA_HOME and then XDG_DATA_DIRS in
# order, so DIR must come before /usr/share there.
#   bash scripts/keyring-services.sh DIR PASSWORD
set -euo pipefail
dir=$1 password=$2
mkdir -p "$dir/dbus-1/services"
printf '#!/bin/sh\nprintf %%s %q | exec gnome-keyring-daemon --unlock --foreground --components=secrets\n' \
  "$password" > "$dir/start-keyring"
chmod +x "$dir/start-keyring"
for name in org.freedesktop.secrets org.gnome.keyring; do
  printf '[D-BUS Service]\nName=%s\nExec=%s\n' "$name" "$dir/start-keyring" \
    > "$dir/dbus-1/services/$name.service"
done
