#!/bin/sh
# Re-records tests/data/recordings/: nghttp, curl and h2load talking h2c
# (prior knowledge) to a local nghttpd through h2record.py. Needs the Debian
# nghttp2-client/-server packages and curl. Run from anywhere:
#     tools/record/record_all.sh [OUTDIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../../tests/data/recordings}
mkdir -p "$out"
work=$(mktemp -d)
trap 'kill $srv 2>/dev/null || true; rm -rf "$work"' EXIT

# Deterministic document root and upload bodies.
mkdir "$work/htdocs"
printf '<html><body>h2pool recording</body></html>\n' > "$work/htdocs/index.html"
python3 -c "import sys; sys.stdout.write(''.join(chr(97 + (i * 7) % 26) for i in range(3000)))" > "$work/htdocs/a.txt"
python3 -c "import sys; sys.stdout.write(''.join(chr(65 + (i * 11) % 26) for i in range(20000)))" > "$work/htdocs/big.txt"
python3 -c "import sys; sys.stdout.write(''.join(chr(48 + (i * 3) % 10) for i in range(1500)))" > "$work/upload.txt"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
nghttpd --no-tls -d "$work/htdocs" "$port" >/dev/null 2>&1 &
srv=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
  if python3 -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null; then break; fi
  sleep 0.2
done

# record NAME CLIENT-COMMAND... ; the command gets the proxy URL base as $1.
record() {
  name=$1; shift
  fifo="$work/port.$name"
  python3 "$here/h2record.py" --target "127.0.0.1:$port" --out "$out/$name" > "$fifo" &
  rec=$!
  while [ ! -s "$fifo" ]; do sleep 0.05; done
  base="http://127.0.0.1:$(head -n1 "$fifo")"
  "$@" "$base"
  wait $rec
}

nghttp_get()    { nghttp -n "$1/index.html" "$1/a.txt" "$1/big.txt"; }
nghttp_upload() { nghttp -n -d "$work/upload.txt" "$1/a.txt"; }
curl_get()      { curl -s -o /dev/null --http2-prior-knowledge "$1/a.txt"; }
curl_upload()   { curl -s -o /dev/null --http2-prior-knowledge --data-binary "@$work/upload.txt" "$1/index.html"; }
h2load_multi()  { h2load -n 6 -c 1 -m 3 "$1/a.txt" >/dev/null; }

record nghttp-get nghttp_get
record nghttp-upload nghttp_upload
record curl-get curl_get
record curl-upload curl_upload
record h2load-multi h2load_multi
ls -l "$out"
