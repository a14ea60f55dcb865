#!/usr/bin/env bash
# Shows h2pool doing its job: Debian's nghttpd serves files with h2pool
# preloaded, nghttp and curl fetch them with h2pool preloaded, the bodies are
# checked, and the benchmarks print h2pool against upstream in one process.
set -euo pipefail
builddir=${1:-build-release}
lib=$(readlink -f "$builddir/compat/libnghttp2.so.14")
[ -f "$lib" ] || { echo "demo: $builddir/compat/libnghttp2.so.14 not built" >&2; exit 1; }

work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/www"
head -c 1048576 /dev/urandom > "$work/www/1m.bin"
want=$(sha256sum < "$work/www/1m.bin" | cut -d' ' -f1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

echo "== nghttpd on h2pool, 127.0.0.1:$port"
LD_PRELOAD=$lib nghttpd --no-tls -a 127.0.0.1 -d "$work/www" "$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do grep -q "$lib" /proc/$server_pid/maps 2>/dev/null && break; sleep 0.1; done
grep -q "$lib" /proc/$server_pid/maps && echo "   server mapped $lib"

# nghttp --version prints the version it was compiled against; the library
# actually loaded is what the dynamic loader reports.
loaded() { LD_DEBUG=files LD_PRELOAD=$lib "$@" 2>&1 >/dev/null | grep -o "file=[^ ]*libnghttp2[^ ]*" | sort -u | head -1; }
echo "== nghttp on h2pool ($(loaded nghttp --version))"
got=$(LD_PRELOAD=$lib nghttp "http://127.0.0.1:$port/1m.bin" | sha256sum | cut -d' ' -f1)
[ "$got" = "$want" ] && echo "   1 MiB body sha256 matches" || { echo "   MISMATCH"; exit 1; }

echo "== curl on h2pool: $(LD_PRELOAD=$lib curl -V | head -1 | grep -o 'nghttp2/[0-9.]*')"
got=$(LD_PRELOAD=$lib curl -s --http2-prior-knowledge "http://127.0.0.1:$port/1m.bin" | sha256sum | cut -d' ' -f1)
[ "$got" = "$want" ] && echo "   1 MiB body sha256 matches" || { echo "   MISMATCH"; exit 1; }

echo "== h2load on h2pool (client and server)"
LD_PRELOAD=$lib h2load -n 2000 -c 4 -m 10 "http://127.0.0.1:$port/1m.bin" 2>&1 | grep -E '^(requests|finished in)' || true

echo "== benchmarks: upstream libnghttp2 vs h2pool, same process"
for b in "$builddir"/bench/bench_*; do
  [ -f "$b" ] && [ -x "$b" ] && "$b"
done
