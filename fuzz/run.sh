#!/usr/bin/env bash
# Longer libFuzzer run of every available target.
#
#   fuzz/run.sh [TOTAL_SECONDS] [TARGET...]   default 600 s, all targets;
#                                            time is split evenly
#   fuzz/run.sh --seeds                       regenerate fuzz/corpus/
#
# Builds build-fuzz/ (override with FUZZ_BUILDDIR) with clang, the whole
# library compiled with ASan + UBSan + libFuzzer coverage, and only the
# fuzz targets linked. Warnings do not stop this build (-Dwerror=false): the
# ordinary builds enforce them, and a fuzz run should not wait on one. New inputs go to build-fuzz/fuzz-work/<target>/, crash
# reproducers to build-fuzz/fuzz-artifacts/; the committed seeds in
# fuzz/corpus/<target>/ are only read. A crash makes the script exit 1.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
builddir=${FUZZ_BUILDDIR:-$root/build-fuzz}
all_targets=(hpack_inflate hpack_diff hpack_roundtrip session_server session_client
  session_diff)

configure() {
  if [ ! -f "$builddir/build.ninja" ]; then
    local san='-fsanitize=fuzzer-no-link -fno-sanitize-recover=all'
    CC=clang CXX=clang++ meson setup "$builddir" "$root" -Dfuzz=true \
      -Db_lundef=false -Db_sanitize=address,undefined \
      -Dtests=false -Dbench=false -Dbuildtype=debugoptimized -Dwerror=false \
      "-Dc_args=$san" "-Dcpp_args=$san" >/dev/null
  fi
}

if [ "${1:-}" = "--seeds" ]; then
  configure
  ninja -C "$builddir" -j 2 fuzz/gen_corpus >"$builddir/fuzz-build.log" 2>&1 ||
    { tail -20 "$builddir/fuzz-build.log"; exit 1; }
  rm -rf "$root/fuzz/corpus"
  ASAN_OPTIONS=detect_leaks=0 "$builddir/fuzz/gen_corpus" "$root/fuzz/corpus"
  exit 0
fi

total=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

configure
if ! ninja -C "$builddir" -j 2 "${targets[@]/#/fuzz/fuzz_}" >"$builddir/fuzz-build.log" 2>&1; then
  grep -E 'error|FAILED' "$builddir/fuzz-build.log" | head -20
  echo "fuzz: build failed, log: $builddir/fuzz-build.log" >&2
  exit 1
fi

per=$(( total / ${#targets[@]} ))
[ "$per" -ge 1 ] || per=1
mkdir -p "$builddir/fuzz-artifacts"
status=0
for t in "${targets[@]}"; do
  work="$builddir/fuzz-work/$t"
  mkdir -p "$work"
  echo "== $t: ${per}s"
  set +e
  "$builddir/fuzz/fuzz_$t" -max_total_time="$per" -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$builddir/fuzz-artifacts/$t-" \
    "$work" "$root/fuzz/corpus/$t" >"$builddir/fuzz-artifacts/$t.log" 2>&1
  rc=$?
  set -e
  if grep -q 'fuzz target unavailable' "$builddir/fuzz-artifacts/$t.log"; then
    echo "   skipped: $(grep 'fuzz target unavailable' "$builddir/fuzz-artifacts/$t.log")"
  elif [ $rc -ne 0 ]; then
    echo "   FAILED (rc $rc), log: $builddir/fuzz-artifacts/$t.log"
    grep -E '^(==|SUMMARY|hpack_|artifact_prefix|Test unit written)' \
      "$builddir/fuzz-artifacts/$t.log" | head -20 || true
    status=1
  else
    grep -E '^stat::(number_of_executed_units|peak_rss_mb)|cov:' \
      "$builddir/fuzz-artifacts/$t.log" | tail -3 || true
  fi
done
exit $status
