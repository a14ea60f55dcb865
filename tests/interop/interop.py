#!/usr/bin/env python3
"""Real nghttp2 programs and curl talking to each other with the library under
test preloaded into the client, the server, or both.

usage: interop.py SCENARIO {client,server,both} [--tls] [--via-nghttpx]

"server" is nghttpd; with --via-nghttpx, nghttpx always runs on the library
under test and relays to nghttpd over h2.
"""

import argparse
import contextlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from h2interop import (SIZES, SYSTEM_LIB, Client, Failure, check, check_server_lib,  # noqa: E402
                       check_versions, h2load_ok, lib_under_test, log, main, make_docroot,
                       nghttpd, nghttpx, plain_env, preload_env, program, require_programs,
                       sha256_file, workdir)


def curl_args(tls, out):
    mode = ["--http2", "-k"] if tls else ["--http2-prior-knowledge"]
    return ["curl", "-sS", "--max-time", "60", "-o", out, "-w", "%{http_version} %{http_code}",
            *mode]


def nghttp_args(tls):
    return [program("nghttp"), "-t", "60"] + (["-y"] if tls else [])


def fetch(t):
    """Every file size through nghttp, curl and h2load; bodies by sha256."""
    out = os.path.join(t.wd, "body")
    for name, size in SIZES.items():
        url = f"{t.base}/{name}"
        t.client.run(nghttp_args(t.tls) + [url], stdout_path=out)
        check(sha256_file(out) == t.digests[name], f"nghttp GET /{name}: sha256 matches")

        r = t.client.run(curl_args(t.tls, out) + [url])
        check(r.stdout.decode() == "2 200", f"curl GET /{name}: HTTP/2 200 ({r.stdout.decode()})")
        check(sha256_file(out) == t.digests[name], f"curl GET /{name}: sha256 matches")

        n = 4 if size > (1 << 20) else 40
        r = t.client.run([program("h2load"), "-n", str(n), "-c", "2", "-m", "8", url])
        h2load_ok(r.stdout.decode(errors="replace"), n, size, t.tls)


def upload(t):
    """Bodies sent by the client come back from nghttpd --echo-upload intact."""
    out = os.path.join(t.wd, "body")
    for name, size in SIZES.items():
        if size == 0:
            continue
        src = os.path.join(t.docroot, name)
        url = f"{t.base}/{name}"
        t.client.run(nghttp_args(t.tls) + ["-d", src, url], stdout_path=out)
        check(sha256_file(out) == t.digests[name], f"nghttp -d {name}: echoed sha256 matches")

        r = t.client.run(curl_args(t.tls, out) + ["--data-binary", "@" + src, url])
        check(r.stdout.decode() == "2 200", f"curl POST {name}: HTTP/2 200")
        check(sha256_file(out) == t.digests[name], f"curl POST {name}: echoed sha256 matches")

        n = 2 if size > (1 << 20) else 20
        r = t.client.run([program("h2load"), "-n", str(n), "-c", "1", "-m", "4", "-d", src, url])
        h2load_ok(r.stdout.decode(errors="replace"), n, size, t.tls)


def streams(t):
    """100 streams in flight on one connection."""
    har = os.path.join(t.wd, "streams.har")
    out = os.path.join(t.wd, "body")
    t.client.run(nghttp_args(t.tls) + ["-m", "100", "-r", har, f"{t.base}/1k"],
                 stdout_path=out)
    entries = json.load(open(har))["log"]["entries"]
    check(len(entries) == 100, f"nghttp -m 100: {len(entries)} responses recorded")
    check(all(e["response"]["status"] == 200 and e["response"]["content"]["size"] == 1024
              for e in entries), "nghttp -m 100: every response is 200 with 1024 bytes")
    check(os.path.getsize(out) == 100 * 1024, "nghttp -m 100: 100 KiB of bodies written")

    t.client.run(nghttp_args(t.tls) + ["-m", "100", "-r", har, f"{t.base}/0"],
                 stdout_path=out)
    entries = json.load(open(har))["log"]["entries"]
    check(len(entries) == 100 and all(e["response"]["status"] == 200 for e in entries),
          "nghttp -m 100 of an empty file: 100 responses 200")

    r = t.client.run([program("h2load"), "-n", "2000", "-c", "2", "-m", "100",
                      f"{t.base}/1k"])
    h2load_ok(r.stdout.decode(errors="replace"), 2000, 1024, t.tls)


def windows(t):
    """Flow control at the edges: windows from one byte up, both directions.
    The server of this scenario advertises small windows itself (-w 10 -W 12),
    so uploads are throttled by the server's library."""
    out = os.path.join(t.wd, "body")
    for w, cw, name in (("16", "16", "16m"), ("10", "12", "1m"), ("4", "4", "1k"),
                        ("7", "8", "1m"), ("1", "1", "1k"), ("16", "1", "1k")):
        t.client.run(nghttp_args(t.tls) + ["-w", w, "-W", cw, f"{t.base}/{name}"],
                     stdout_path=out, timeout=180)
        check(sha256_file(out) == t.digests[name],
              f"nghttp -w {w} -W {cw} GET /{name}: sha256 matches")
    for name in ("1k", "1m"):
        src = os.path.join(t.docroot, name)
        # The body waits for 100-continue: sent at once, it would race the
        # server's SETTINGS that shrinks the window, and a peer enforcing the
        # new window on bytes sent under the old one resets the stream.
        t.client.run(nghttp_args(t.tls) + ["--expect-continue", "-w", "10", "-W", "10",
                                           "-d", src, f"{t.base}/{name}"], stdout_path=out)
        check(sha256_file(out) == t.digests[name],
              f"nghttp -d {name} into a server with 1 KiB/4 KiB windows: echo matches")
    r = t.client.run([program("h2load"), "-n", "20", "-c", "2", "-m", "10", "-w", "10",
                      "-W", "12", f"{t.base}/1m"])
    h2load_ok(r.stdout.decode(errors="replace"), 20, 1 << 20, t.tls)


SCENARIOS = {"fetch": fetch, "upload": upload, "streams": streams, "windows": windows}
SERVER_ARGS = {"windows": ["-w", "10", "-W", "12"]}


class T:
    pass


def run(args):
    require_programs("nghttpd", "nghttp", "h2load", "curl", "openssl",
                     *(["nghttpx"] if args.via_nghttpx else []))
    lib = lib_under_test()
    pre_client = args.where in ("client", "both")
    pre_server = args.where in ("server", "both")
    check_versions(lib, pre_client)
    with workdir() as wd:
        t = T()
        t.wd, t.tls = wd, args.tls
        t.docroot = os.path.join(wd, "www")
        t.digests = make_docroot(t.docroot)
        senv = preload_env(lib, plain_env()) if pre_server else plain_env()
        # Behind nghttpx, TLS (if any) is on the proxy's frontend only.
        with nghttpd(wd, t.docroot, senv, args.tls and not args.via_nghttpx,
                     SERVER_ARGS.get(args.scenario, [])) as srv, \
                contextlib.ExitStack() as stack:
            check_server_lib(srv, lib if pre_server else SYSTEM_LIB)
            port, servers = srv.port, [("nghttpd", srv)]
            if args.via_nghttpx:
                proxy = stack.enter_context(
                    nghttpx(wd, srv.port, preload_env(lib, plain_env()), args.tls))
                check_server_lib(proxy, lib)
                port = proxy.port
                servers.append(("nghttpx", proxy))
            t.base = f"{'https' if args.tls else 'http'}://127.0.0.1:{port}"
            t.client = Client(wd, lib, pre_client)
            log(f"{args.scenario}: server {t.base} ({args.where} preloaded"
                f"{', through nghttpx on the library under test' if args.via_nghttpx else ''})")
            try:
                SCENARIOS[args.scenario](t)
            except Failure:
                for name in ("nghttpd.log", "nghttpx.log", "nghttpx-error.log"):
                    p = os.path.join(wd, name)
                    if os.path.exists(p):
                        with open(p, errors="replace") as f:
                            log(f"{name} tail:\n" + f.read()[-2000:])
                raise
            for name, server in servers:
                check(server.alive(), f"{name} survived the scenario")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario", choices=SCENARIOS)
    ap.add_argument("where", choices=("client", "server", "both"))
    ap.add_argument("--tls", action="store_true")
    ap.add_argument("--via-nghttpx", action="store_true",
                    help="put nghttpx, on the library under test, between client and nghttpd")
    a = ap.parse_args()
    main(lambda: run(a))
