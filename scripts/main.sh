#!/usr/bin/env bash
# The main job: build h2pool, run real nghttp2 programs on it, and print the
# side-by-side comparison with upstream libnghttp2.
set -euo pipefail
cd "$(dirname "$0")/.."
builddir=${H2POOL_BUILDDIR:-build-release}
[ -d "$builddir" ] || meson setup "$builddir" -Dbuildtype=release >/dev/null
meson compile -C "$builddir"
exec bash scripts/demo.sh "$builddir"
