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
if ! meson compile -C "$builddir" -j 2 nghttp2:shared_library bench_h2pool \
    >"$builddir/bench-build.log" 2>&1; then
  grep -E 'ERROR|error|FAILED' "$builddir/bench-build.log" | head -20 >&2
  echo "bench: build failed, log: $builddir/bench-build.log" >&2
  exit 1
fi
exec "$builddir/bench/bench_h2pool" "$@"
