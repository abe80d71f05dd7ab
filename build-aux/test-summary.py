#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Counts meson's results into the line CI reads: "N passed, N failed".

Each TAP subtest counts, so a suite of 15 tests is 15, not 1; a test that
crashed or timed out before reporting counts as one failure."""
import json
import sys

passed = failed = skipped = 0
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        if not line.strip():
            continue
        result = json.loads(line)
        if "result" not in result:
            continue
        outcome = result["result"]
        # meson keeps the TAP stream on stdout; count its "ok"/"not ok" lines.
        ok = not_ok = skip = 0
        for tap in (result.get("stdout") or "").splitlines():
            if tap.startswith("ok ") or tap == "ok":
                if "# SKIP" in tap or "# skip" in tap:
                    skip += 1
                else:
                    ok += 1
            elif tap.startswith("not ok"):
                if "# TODO" in tap:
                    continue
                not_ok += 1
        if outcome in ("OK", "EXPECTEDFAIL"):
            if ok + not_ok + skip == 0:
                passed += 1
            else:
                passed += ok
                skipped += skip
        elif outcome == "SKIP":
            skipped += max(skip, 1)
        else:
            failed += max(not_ok, 1)
            passed += ok
            skipped += skip

print(f"{passed} passed, {failed} failed, {skipped} skipped")
