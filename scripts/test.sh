#!/usr/bin/env bash
# Builds h2pool from scratch and runs the whole default test suite: unit (CMocka),
# ABI, differential (against Debian's libnghttp2 via dlopen), interop with real
# nghttp2 programs and curl, packaging, and a seconds-long benchmark comparison.
set -uo pipefail
cd "$(dirname "$0")/.."
builddir=${H2POOL_BUILDDIR:-build-test}

rm -rf "$builddir"
meson setup "$builddir" -Dbuildtype=debugoptimized >/dev/null || exit 1
meson compile -C "$builddir" || exit 1
meson test -C "$builddir" --print-errorlogs --num-processes 2
rc=$?

# One plain closing line for CI log readers.
python3 - "$builddir/meson-logs/testlog.json" <<'PY'
import json, sys
passed = failed = skipped = 0
for line in open(sys.argv[1]):
    r = json.loads(line).get("result")
    if r in ("OK", "EXPECTEDFAIL"): passed += 1
    elif r == "SKIP": skipped += 1
    else: failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $rc
