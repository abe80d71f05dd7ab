#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts what an officer's laptop runs in a demo: a regional hub on
# loopback (its data under ~/.local/share/aduan-hub), this device enrolled
# to it, and the app. The hub keeps running after the app closes; stop it
# with: kill $(cat ~/.local/share/aduan-hub/hub.pid)
set -euo pipefail

build=${1:-build}
here=$(cd "$(dirname "$0")/.." && pwd)
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
hub_dir=$data_home/aduan-hub
port=${ADUAN_HUB_PORT:-8765}
hub="$here/$build/src/hub/aduan-hub"
ctl="$here/$build/src/cli/aduanctl"
app="$here/$build/src/app/aduan"

export ADUAN_PKGDATADIR="$here/$build/data"
export GSETTINGS_SCHEMA_DIR="$here/$build/data"

mkdir -p "$hub_dir"
if [ -x "$hub" ]; then
  if [ -f "$hub_dir/hub.pid" ] && kill -0 "$(cat "$hub_dir/hub.pid")" 2>/dev/null; then
    echo "The hub is already running (pid $(cat "$hub_dir/hub.pid"))."
  else
    "$hub" serve --listen "127.0.0.1:$port" --data-dir "$hub_dir" >"$hub_dir/hub.log" 2>&1 &
    echo $! >"$hub_dir/hub.pid"
    for _ in $(seq 50); do
      grep -q '^http' "$hub_dir/hub.log" 2>/dev/null && break
      sleep 0.1
    done
    echo "Hub: $(head -n 1 "$hub_dir/hub.log") (log: $hub_dir/hub.log)"
  fi

  # Enroll this device once, with a one-time code the hub makes.
  # (status exits 0 either way; its JSON says whether we are enrolled, and
  # an enrollment the hub revoked or lost is redone too)
  if "$ctl" status --json 2>/dev/null | grep -Eq '"enrolled" *: *false|"enroll_again" *: *true'; then
    code=$("$hub" enroll-code --data-dir "$hub_dir" --name "$(hostname)" --role officer)
    "$ctl" enroll "http://127.0.0.1:$port" "$code"
  fi
fi

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "No display: the app cannot start here. Try: $ctl --help"
  exit 0
fi
exec "$app"
