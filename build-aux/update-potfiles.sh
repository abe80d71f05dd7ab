#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Rewrites po/POTFILES.in: every source file with a translatable string,
# sorted. Run after adding a file with _() or translatable="yes".
set -euo pipefail
cd "$(dirname "$0")/.."
{
  ls data/*.desktop.in data/*.gschema.xml data/*.metainfo.xml.in
  grep -lE '\b(N?_|C_|NC_|g_dngettext|ngettext) ?\(' src/core/*.c src/cli/*.c src/app/*.c src/hub/aduan-hub-track-page.c || true
  grep -l 'translatable="yes"' ui/*.ui || true
} | LC_ALL=C sort -u > po/POTFILES.in
