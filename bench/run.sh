#!/usr/bin/env bash
# Full side-by-side comparison: builds h2pool and the bench in release mode
# (its own build directory, only the two targets needed), then runs every
# benchmark with the full repetition count. Extra arguments go to the bench,
# e.g. bench/run.sh --only=hpack --reps=31
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
builddir=${BENCH_BUILDDIR:-$root/build-bench-release}
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "$root" -Dbuildtype=release -Dtests=false \
    -Dbench=true -Dfuzz=false >/dev/null
else
  meson configure "$builddir" -Dbuildtype=release -Dbench=true >/dev/null
fi
meson compile -C "$builddir" -j 2 nghttp2 bench_h2pool >/dev/null
exec "$builddir/bench/bench_h2pool" "$@"
