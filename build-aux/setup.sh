#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# One command each for a fresh Debian 12 machine:
#   build-aux/setup.sh run    install what is missing, build, start a local
#                             hub on loopback and the app, enrolled to it
#   build-aux/setup.sh test   install what is missing, build with -Dwerror
#                             and run every test suite; ends with a line
#                             "N passed, N failed"
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
mode=${1:-}
build=${ADUAN_BUILD_DIR:-build}

# What building needs, and what the tests start (Xvfb for the app, a window
# manager for fullscreen, imagemagick for screenshots, zbar for reading QR
# codes back, gpsd for the GPS tests, PostgreSQL for the hub's scale-out
# back end).
build_packages=(
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libglib2.0-dev-bin libjson-glib-dev libsqlite3-dev sqlite3
  libcurl4-openssl-dev libsoup-3.0-dev libgtk-4-dev libadwaita-1-dev
  libsecret-1-dev libqrencode-dev libturbojpeg0-dev libjpeg62-turbo-dev libexif-dev
  libgps-dev libgdk-pixbuf-2.0-dev webp-pixbuf-loader libshumate-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  libsecret-1-0 desktop-file-utils appstream ca-certificates openssl
)
test_packages=(
  xvfb xauth openbox imagemagick zbar-tools gpsd gpsd-clients python3-gps libvips-tools poppler-utils
  dbus dbus-bin dbus-x11 util-linux iproute2 faketime curl
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if ! command -v npm >/dev/null 2>&1; then
    command -v node >/dev/null 2>&1 || missing+=(nodejs)
    missing+=(npm)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# npm peers, pinned by their lock files: the village data, and the
# independent tus client and server the interop tests talk to.
install_npm() {
  for dir in "$@"; do
    if [ -f "$dir/package-lock.json" ] && [ ! -d "$dir/node_modules" -o "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
      echo "npm ci in $dir"
      npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
    fi
  done
}

configure() {
  if [ -f "$build/build.ninja" ]; then
    meson setup --reconfigure "$build" "$@" >/dev/null
  else
    meson setup "$build" "$@" >/dev/null
  fi
  meson compile -C "$build"
}

case "$mode" in
  run)
    install_packages "${build_packages[@]}"
    install_npm data/areas
    configure --buildtype=debugoptimized
    exec "$here/build-aux/run-local.sh" "$build"
    ;;

  test)
    install_packages "${build_packages[@]}" "${test_packages[@]}"
    install_npm data/areas tests/interop tests/interop/tus-server
    configure -Dwerror=true
    status=0
    meson test -C "$build" --print-errorlogs --num-processes 2 || status=$?
    python3 "$here/build-aux/test-summary.py" "$build/meson-logs/testlog.json"
    exit $status
    ;;

  *)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac
