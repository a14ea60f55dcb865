#!/usr/bin/env python3
"""Loopback recorder for HTTP/2 conversations.

Sits between a client and a server on 127.0.0.1, forwards bytes both ways
and saves what each side sent, in arrival order, without timing:

    file   := "H2REC1\n" record*            (whole file gzip-compressed)
    record := dir:1 length:4 (big-endian) bytes:length
    dir    := '>' client to server | '<' server to client

One file per accepted connection: <out>-<n>.h2rec.gz (n counts from 1).
The first line printed on stdout is the port it listens on.

    h2record.py --target 127.0.0.1:8080 --out tests/data/recordings/x [--count 1]
"""

import argparse
import gzip
import selectors
import socket
import struct
import sys

MAGIC = b"H2REC1\n"


def relay(client, server, path):
    sel = selectors.DefaultSelector()
    sel.register(client, selectors.EVENT_READ, (b">", server))
    sel.register(server, selectors.EVENT_READ, (b"<", client))
    records = []
    open_sides = 2
    while open_sides:
        for key, _ in sel.select():
            direction, peer = key.data
            try:
                data = key.fileobj.recv(65536)
            except ConnectionResetError:
                data = b""
            if not data:
                sel.unregister(key.fileobj)
                open_sides -= 1
                try:
                    peer.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                continue
            records.append((direction, data))
            peer.sendall(data)
    client.close()
    server.close()
    # mtime=0 keeps re-recordings of the same bytes byte-identical.
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(MAGIC)
        for direction, data in records:
            f.write(direction + struct.pack(">I", len(data)) + data)
    return len(records)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--listen", default="127.0.0.1:0")
    ap.add_argument("--target", required=True)
    ap.add_argument("--out", required=True, help="output path prefix")
    ap.add_argument("--count", type=int, default=1,
                    help="connections to record before exiting")
    args = ap.parse_args()
    lhost, lport = args.listen.rsplit(":", 1)
    thost, tport = args.target.rsplit(":", 1)
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((lhost, int(lport)))
    ls.listen(8)
    print(ls.getsockname()[1], flush=True)
    for n in range(1, args.count + 1):
        client, _ = ls.accept()
        server = socket.create_connection((thost, int(tport)))
        for s in (client, server):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        path = "%s-%d.h2rec.gz" % (args.out, n)
        count = relay(client, server, path)
        print("%s: %d segments" % (path, count), file=sys.stderr, flush=True)
    ls.close()


if __name__ == "__main__":
    main()
