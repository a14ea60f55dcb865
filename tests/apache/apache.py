#!/usr/bin/env python3
"""Apache httpd (mod_http2, mod_proxy_http2), nghttpx and nghttpd on the library
under test: HTTP/2 fetches, h2c Upgrade, server push and an h2c reverse proxy.

usage: apache.py fetch {server,both} [--tls]
       apache.py upgrade
       apache.py hints {server,both}
       apache.py push {nghttpd,apache} {client,server,both}
       apache.py proxy {apache,all}
       apache.py nghttpx-h1 {proxy,all}

Apache runs from a private configuration in the test's temp dir (its own
ServerRoot, PidFile, ErrorLog, runtime dir; mpm_worker; a free loopback port),
never from /etc/apache2, and is stopped by PID together with its children.
"""

import argparse
import hashlib
import json
import os
import re
import signal
import socket
import ssl
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "interop"))
from h2interop import (SKIP, SYSTEM_LIB, Client, Failure, Server, check,  # noqa: E402
                       check_pid_lib, check_versions, content, h2load_ok, lib_under_test,
                       lib_version, log, main, make_cert, nghttpd, nghttpx, plain_env, preload_env,
                       program, require_programs, sha256_file, workdir)

MODULES = "/usr/lib/apache2/modules"
APACHE = "/usr/sbin/apache2"
SIZES = {"0": 0, "1k": 1024, "1m": 1 << 20}


def require_apache(*modules):
    """Apache is optional equipment: without the package the test skips, as the
    interop tests do for missing nghttp2 programs."""
    if not os.access(APACHE, os.X_OK):
        log("SKIP: apache2 is not installed (scripts/setup-debian.sh installs it)")
        sys.exit(SKIP)
    missing = [m for m in ("mod_mpm_worker", "mod_authz_core", *modules)
               if not os.path.exists(os.path.join(MODULES, m + ".so"))]
    if missing:
        log("SKIP: apache2 modules missing from", MODULES + ":", " ".join(missing))
        sys.exit(SKIP)


def make_files(root, files):
    """files: name -> (content key, size). Returns name -> sha256."""
    os.makedirs(root, exist_ok=True)
    digests = {}
    for name, (key, size) in files.items():
        data = content(key, size)
        with open(os.path.join(root, name), "wb") as f:
            f.write(data)
        digests[name] = hashlib.sha256(data).hexdigest()
    return digests


# ---------------------------------------------------------------- Apache

def _children(pid):
    kids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses; fields after it don't.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            kids.append(int(d))
    return kids


def _run_user():
    """As root, Apache refuses to serve requests itself and switches its
    children to an unprivileged user; anyone else keeps their own identity."""
    if os.geteuid() != 0:
        return ""
    import grp
    import pwd
    for user, group in (("www-data", "www-data"), ("nobody", "nogroup")):
        try:
            pwd.getpwnam(user)
            grp.getgrnam(group)
            return f"User {user}\nGroup {group}\n"
        except KeyError:
            continue
    raise Failure("running as root and neither www-data nor nobody exists for Apache's children")


class Apache:
    """apache2 -DFOREGROUND on a private configuration. body: the
    site-specific directives (the port is known only when the config is written)."""

    def __init__(self, wd, env, body, modules=()):
        self.root = os.path.join(wd, "apache")
        os.makedirs(os.path.join(self.root, "run"), exist_ok=True)
        self.conf = os.path.join(self.root, "httpd.conf")
        self.error_log = os.path.join(self.root, "error.log")
        self.body, self.modules = body, modules
        self.server = Server(self._argv, env, os.path.join(self.root, "stdout.log"))
        self.port = self.server.port
        self.pid = self.server.proc.pid
        self.workers = []
        try:
            self.workers = self._wait_workers()
        except BaseException:
            self.stop()
            raise

    def _argv(self, port):
        # A per-module LogLevel naming a module that is not loaded is a syntax error.
        levels = "".join(f" {m}:info" for m in ("http2", "proxy_http2") if m in self.modules)
        loads = "".join(f"LoadModule {m}_module {MODULES}/mod_{m}.so\n"
                        for m in ("mpm_worker", "authz_core", *self.modules))
        with open(self.conf, "w") as f:
            f.write(f"""ServerRoot "{self.root}"
DefaultRuntimeDir "{self.root}/run"
PidFile "{self.root}/run/httpd.pid"
Mutex file:{self.root}/run default
ErrorLog "{self.error_log}"
LogLevel warn{levels}
{loads}{_run_user()}ServerName 127.0.0.1
Listen 127.0.0.1:{port}
StartServers 1
ServerLimit 1
ThreadLimit 16
ThreadsPerChild 16
MaxRequestWorkers 16
MinSpareThreads 1
MaxSpareThreads 16
Timeout 30
{self.body}
""")
        return [APACHE, "-f", self.conf, "-DFOREGROUND"]

    def _wait_workers(self):
        """mpm_worker forks the children that run mod_http2; they must exist
        before /proc/PID/maps of one can be read."""
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            kids = _children(self.pid)
            if kids:
                return kids
            if not self.server.alive():
                break
            time.sleep(0.05)
        raise Failure("apache2 started no worker process:\n" + self.error_tail())

    def check_lib(self, lib):
        """Parent and worker must map exactly the expected library; the worker is
        the process whose sessions carry the traffic. mod_http2 logs the runtime
        nghttp2_version() when it initialises: it must name the same library."""
        check_pid_lib(self.pid, lib)
        for kid in self.workers:
            check_pid_lib(kid, lib)
        want = lib_version(lib)
        with open(self.error_log, errors="replace") as f:
            banner = re.search(r"mod_http2 \(v[^,]*, feats=[^,]*, nghttp2 ([0-9.]+)\)", f.read())
        check(banner and banner.group(1) == want,
              f"mod_http2 reports nghttp2 {banner.group(1) if banner else '?'} (want {want})")

    def error_tail(self):
        try:
            with open(self.error_log, errors="replace") as f:
                return f.read()[-3000:]
        except OSError:
            return "(no error log)"

    def alive(self):
        return self.server.alive() and all(os.path.exists(f"/proc/{k}") for k in self.workers)

    def stop(self):
        kids = _children(self.pid) if self.server.alive() else []
        self.server.stop()
        # The parent reaps its children on SIGTERM; one it could not (killed
        # parent) is stopped here by its own PID.
        deadline = time.monotonic() + 10
        for k in set(kids) | set(self.workers):
            while os.path.exists(f"/proc/{k}") and time.monotonic() < deadline:
                time.sleep(0.05)
            if os.path.exists(f"/proc/{k}"):
                try:
                    os.kill(k, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if exc[0] is not None:
            log("apache error.log tail:\n" + self.error_tail())
        self.stop()


def site(docroot, extra=""):
    return f"""Protocols h2 h2c http/1.1
H2Direct on
DocumentRoot "{docroot}"
<Directory "{docroot}">
  Require all granted
</Directory>
{extra}"""


def private_workdir(wd):
    """Apache's children run as www-data when the test runs as root: they must
    be able to read the document root inside the (0700) temp dir."""
    os.chmod(wd, 0o755)


# ---------------------------------------------------------------- clients

def curl(client, url, out, *opts):
    r = client.run(["curl", "-sS", "--max-time", "60", "-o", out,
                    "-w", "%{http_version} %{http_code}", *opts, url])
    return r.stdout.decode(), r.stderr.decode(errors="replace")


def nghttp(client, url, out, *opts):
    return client.run([program("nghttp"), "-t", "60", *opts, url], stdout_path=out)


def get_all(client, base, digests, wd, label, tls=False):
    """Every file by curl (prior knowledge, or ALPN over TLS) and nghttp,
    bodies by sha256."""
    out = os.path.join(wd, "body")
    mode = ["--http2", "-k"] if tls else ["--http2-prior-knowledge"]
    for name in SIZES:
        url = f"{base}/{name}"
        got, _ = curl(client, url, out, *mode)
        check(got == "2 200", f"{label}: curl {' '.join(mode)} /{name}: HTTP/2 200 ({got})")
        check(sha256_file(out) == digests[name], f"{label}: curl /{name}: sha256 matches")
        nghttp(client, url, out, *(["-y"] if tls else []))
        check(sha256_file(out) == digests[name], f"{label}: nghttp /{name}: sha256 matches")


def _frame(ftype, flags, sid, payload=b""):
    return (len(payload).to_bytes(3, "big") + bytes([ftype, flags])
            + sid.to_bytes(4, "big") + payload)


def _get_headers(path):
    """A GET header block of literal fields without indexing (RFC 7541
    6.2.2), so no HPACK state is needed on this side."""
    block = b""
    for name, value in ((b":method", b"GET"), (b":scheme", b"http"), (b":path", path.encode()),
                        (b":authority", b"127.0.0.1")):
        block += b"\x00" + bytes([len(name)]) + name + bytes([len(value)]) + value
    return block


class RawH2:
    """A bare HTTP/2 client over a socket, independent of any libnghttp2, for
    what the programs cannot do on cue (cancel a stream mid-body)."""

    def __init__(self, port, tls=False):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=20)
        if tls:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            ctx.set_alpn_protocols(["h2"])
            self.sock = ctx.wrap_socket(self.sock)
            if self.sock.selected_alpn_protocol() != "h2":
                raise Failure(f"ALPN chose {self.sock.selected_alpn_protocol()}, not h2")
        self.buf = b""
        self.sock.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + _frame(4, 0, 0)
                          # Keep the connection window out of the way: the
                          # cancelled response must not starve the next one.
                          + _frame(8, 0, 0, (64 << 20).to_bytes(4, "big")))

    def get(self, sid, path):
        self.sock.sendall(_frame(1, 0x5, sid, _get_headers(path)))

    def next_frame(self):
        while True:
            if len(self.buf) >= 9:
                n = int.from_bytes(self.buf[:3], "big")
                if len(self.buf) >= 9 + n:
                    head, self.buf = self.buf[:9 + n], self.buf[9 + n:]
                    ftype, flags = head[3], head[4]
                    sid = int.from_bytes(head[5:9], "big") & 0x7FFFFFFF
                    payload = head[9:]
                    if ftype == 4 and not flags & 1:
                        self.sock.sendall(_frame(4, 1, 0))
                    if ftype == 0 and flags & 0x8:
                        payload = payload[1:len(payload) - payload[0]]
                    return ftype, flags, sid, payload
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise Failure("server closed the connection")
            self.buf += chunk

    def close(self):
        self.sock.sendall(_frame(7, 0, 0, bytes(8)))
        self.sock.close()


def cancel_then_fetch(port, digests, tls=False):
    """RST_STREAM(CANCEL) in the middle of a 1 MiB body, then a new request on
    the same connection: the server session must drop the stream and go on."""
    c = RawH2(port, tls)
    try:
        c.get(1, "/1m")
        got = 0
        while got < 16384:
            ftype, flags, sid, payload = c.next_frame()
            if ftype == 7:
                raise Failure(f"GOAWAY before the cancel: {payload.hex()}")
            if ftype == 0 and sid == 1:
                got += len(payload)
                if flags & 1:
                    raise Failure(f"stream 1 ended after {got} of {1 << 20} bytes")
        c.sock.sendall(_frame(3, 0, 1, (8).to_bytes(4, "big")))
        c.get(3, "/1k")
        body, status_seen = b"", False
        while True:
            ftype, flags, sid, payload = c.next_frame()
            if ftype == 7:
                raise Failure(f"GOAWAY after the cancel: {payload.hex()}")
            if ftype == 3 and sid == 3:
                raise Failure("stream 3 was reset")
            if ftype == 1 and sid == 3:
                status_seen = True
            if ftype == 0 and sid == 3:
                body += payload
                if flags & 1:
                    break
        check(got >= 16384 and status_seen and hashlib.sha256(body).hexdigest() == digests["1k"],
              f"raw client: cancelled /1m after {got} bytes, then /1k on the same"
              " connection: sha256 matches")
    finally:
        c.close()


# ---------------------------------------------------------------- scenarios

def fetch(a, lib, wd):
    """Apache with mod_http2 on the library under test serving 0 B, 1 KiB and
    1 MiB; clients on upstream ("server") or on the library too ("both");
    cleartext with prior knowledge, or --tls: mod_ssl with ALPN h2."""
    require_apache("mod_http2", *(["mod_ssl"] if a.tls else []))
    require_programs("curl", "nghttp", "h2load", *(["openssl"] if a.tls else []))
    pre_client = a.where == "both"
    check_versions(lib, pre_client)
    docroot = os.path.join(wd, "www")
    digests = make_files(docroot, {n: (n, s) for n, s in SIZES.items()})
    client = Client(wd, lib, pre_client)
    conf, modules, scheme = site(docroot), ["http2"], "http"
    if a.tls:
        key, cert = make_cert(wd)
        conf = site(docroot, f"""SSLEngine on
SSLCertificateFile "{cert}"
SSLCertificateKeyFile "{key}"
""").replace("Protocols h2 h2c http/1.1", "Protocols h2 http/1.1")
        modules, scheme = ["http2", "ssl"], "https"
    nghttp_tls = ["-y"] if a.tls else []
    with Apache(wd, preload_env(lib, plain_env()), conf, modules) as ap:
        ap.check_lib(lib)
        base = f"{scheme}://127.0.0.1:{ap.port}"
        get_all(client, base, digests, wd, "apache", a.tls)
        for name, size in SIZES.items():
            n = 40 if size < (1 << 20) else 8
            r = client.run([program("h2load"), "-n", str(n), "-c", "2", "-m", "8",
                            f"{base}/{name}"])
            h2load_ok(r.stdout.decode(errors="replace"), n, size, a.tls)
        r = client.run([program("h2load"), "-n", "1000", "-c", "4", "-m", "32", f"{base}/1k"])
        h2load_ok(r.stdout.decode(errors="replace"), 1000, 1024, a.tls)
        out = os.path.join(wd, "body")
        # Windows far below the body size: every DATA frame waits for the
        # client's WINDOW_UPDATE, which mod_http2 must take and act on.
        for w, cw, name in (("1", "1", "1k"), ("10", "12", "1m"), ("16", "1", "1k")):
            nghttp(client, f"{base}/{name}", out, *nghttp_tls, "-w", w, "-W", cw)
            check(sha256_file(out) == digests[name],
                  f"nghttp -w {w} -W {cw} /{name}: sha256 matches")
        cancel_then_fetch(ap.port, digests, a.tls)
        har = os.path.join(wd, "m.har")
        nghttp(client, f"{base}/1k", os.path.join(wd, "body"), *nghttp_tls, "-m", "50",
               "-r", har)
        entries = json.load(open(har))["log"]["entries"]
        check(len(entries) == 50 and all(e["response"]["status"] == 200
                                         and e["response"]["content"]["size"] == 1024
                                         for e in entries),
              f"nghttp -m 50 on one connection: {len(entries)} responses 200 of 1024 bytes")
        check(ap.alive(), "apache and its worker survived")


def upgraded(stderr):
    return re.search(r"^< HTTP/1\.1 101", stderr, re.M) is not None


def upgrade(a, lib, wd):
    """HTTP/1.1 Upgrade to h2c (RFC 7540 section 3.2) into the library's server
    side (Apache, nghttpx) and client side (curl, nghttp -u)."""
    require_apache("mod_http2")
    require_programs("curl", "nghttp", "nghttpd", "nghttpx")
    check_versions(lib, True)
    docroot = os.path.join(wd, "www")
    digests = make_files(docroot, {n: (n, s) for n, s in SIZES.items()})
    out = os.path.join(wd, "body")
    ours, upstream = Client(wd, lib, True), Client(wd, lib, False)
    on_lib = preload_env(lib, plain_env())

    def curl_upgrade(client, base, label):
        # Not 1 MiB: curl 7.88 keeps at most 32 KiB that arrive together with
        # the 101 response, and a server may legally send a full 64 KiB
        # connection window right behind it ("connection buffer size is too
        # small to store data following HTTP Upgrade response header"); Apache
        # and nghttpx on upstream libnghttp2 hit it as well. nghttp -u below
        # takes the 1 MiB file through the same upgrade.
        for name in ("0", "1k"):
            got, err = curl(client, f"{base}/{name}", out, "--http2", "-v")
            check(got == "2 200" and upgraded(err),
                  f"{label}: curl --http2 /{name}: 101 Switching Protocols, then HTTP/2 200"
                  f" ({got})")
            check(sha256_file(out) == digests[name], f"{label}: /{name} sha256 matches")

    def nghttp_upgrade(client, base, label):
        for name in SIZES:
            nghttp(client, f"{base}/{name}", out, "-u", "-v", "-n")
            with open(out, errors="replace") as f:
                text = f.read()
            check("HTTP Upgrade success" in text and "101 Switching Protocols" in text,
                  f"{label}: nghttp -u /{name}: HTTP Upgrade success")
            nghttp(client, f"{base}/{name}", out, "-u")
            check(sha256_file(out) == digests[name], f"{label}: nghttp -u /{name} sha256 matches")

    with Apache(wd, on_lib, site(docroot), ["http2"]) as ap:
        ap.check_lib(lib)
        base = f"http://127.0.0.1:{ap.port}"
        curl_upgrade(upstream, base, "apache on h2pool, curl on upstream")
        curl_upgrade(ours, base, "apache and curl on h2pool")
        nghttp_upgrade(ours, base, "apache and nghttp on h2pool")
        check(ap.alive(), "apache and its worker survived")

    with nghttpd(wd, docroot, plain_env(), False) as backend, \
            nghttpx(wd, backend.port, on_lib, False) as proxy:
        check_pid_lib(backend.proc.pid, SYSTEM_LIB)
        check_pid_lib(proxy.proc.pid, lib)
        base = f"http://127.0.0.1:{proxy.port}"
        curl_upgrade(upstream, base, "nghttpx on h2pool (nghttpd backend on upstream), curl on upstream")
        curl_upgrade(ours, base, "nghttpx and curl on h2pool")
        nghttp_upgrade(ours, base, "nghttpx and nghttp on h2pool")
        check(proxy.alive() and backend.alive(), "nghttpx and nghttpd survived")

    # nghttpd itself is left out: Debian's 1.52 nghttpd answers an Upgrade
    # request with a bare HTTP/2 preface on upstream too (curl: "Received
    # HTTP/0.9", nghttp -u: "Expected HTTP/"), so it has no h2c upgrade to test.


def push(a, lib, wd):
    """A server push (nghttpd -p, Apache H2PushResource) received by nghttp: the
    PUSH_PROMISE arrives, the promised stream ends, and its body is intact."""
    require_programs("nghttp", *(["nghttpd"] if a.server == "nghttpd" else []))
    if a.server == "apache":
        require_apache("mod_http2")
    pre_client = a.where in ("client", "both")
    pre_server = a.where in ("server", "both")
    docroot = os.path.join(wd, "www")
    # The page is empty so nghttp's stdout holds the pushed body alone.
    digests = make_files(docroot, {"small.css": ("small", 1024),
                                   "big.js": ("big", 1 << 20),
                                   "small.html": ("small.html", 0),
                                   "big.html": ("big.html", 0)})
    senv = preload_env(lib, plain_env()) if pre_server else plain_env()
    expect_server = lib if pre_server else SYSTEM_LIB
    client = Client(wd, lib, pre_client)

    if a.server == "nghttpd":
        srv = nghttpd(wd, docroot, senv, False,
                      ["-p/small.html=/small.css", "-p/big.html=/big.js"])
    else:
        srv = Apache(wd, senv, site(docroot, """H2Push on
<Location /small.html>
  H2PushResource /small.css
</Location>
<Location /big.html>
  H2PushResource /big.js
</Location>"""), ["http2"])
    with srv:
        if a.server == "nghttpd":
            check_pid_lib(srv.proc.pid, expect_server)
        else:
            srv.check_lib(expect_server)
        base = f"http://127.0.0.1:{srv.port}"
        out = os.path.join(wd, "body")
        for page, pushed in (("small.html", "small.css"), ("big.html", "big.js")):
            size = os.path.getsize(os.path.join(docroot, pushed))
            nghttp(client, f"{base}/{page}", out, "-v", "-n")
            with open(out, errors="replace") as f:
                text = f.read()
            m = re.search(r"recv PUSH_PROMISE frame <[^>]*stream_id=(\d+)>\n"
                          r"(?:\s*;[^\n]*\n)?\s*\(padlen=\d+, promised_stream_id=(\d+)\)",
                          text)
            if m is None:
                log("nghttp -v output:\n" + text[-3000:])
            check(m is not None, f"{page}: nghttp -v shows a PUSH_PROMISE")
            assoc, promised = m.groups()
            # nghttp prints the promised request's fields before the frame line,
            # under the id of the stream that carried the promise.
            paths = re.findall(rf"recv \(stream_id={assoc}\) :path: (\S+)", text[:m.start()])
            check(paths and paths[-1] == "/" + pushed,
                  f"{page}: promised stream {promised} is for /{pushed} ({paths[-1:]})")
            data = [(int(length), flags) for length, flags in re.findall(
                rf"recv DATA frame <length=(\d+), flags=0x([0-9a-f]+), stream_id={promised}>",
                text)]
            check(sum(n for n, _ in data) == size and data and int(data[-1][1], 16) & 1,
                  f"{page}: pushed stream {promised} got {sum(n for n, _ in data)} of {size}"
                  " DATA bytes and ended with END_STREAM")

            har = os.path.join(wd, "push.har")
            nghttp(client, f"{base}/{page}", out, "-r", har)
            entries = json.load(open(har))["log"]["entries"]
            pushed_entries = [e for e in entries if e.get("comment") == "Pushed Object"]
            check(len(entries) == 2 and len(pushed_entries) == 1
                  and pushed_entries[0]["request"]["url"].endswith("/" + pushed)
                  and pushed_entries[0]["response"]["status"] == 200
                  and pushed_entries[0]["response"]["content"]["size"] == size,
                  f"{page}: HAR has the page and one pushed /{pushed}, 200, {size} bytes")
            check(sha256_file(out) == digests[pushed], f"{page}: pushed /{pushed} sha256 matches")
        check(srv.alive(), f"{a.server} survived")


def hints(a, lib, wd):
    """103 Early Hints (RFC 8297) from mod_http2 (H2EarlyHints, with push off
    the H2PushResource links go out as a non-final HEADERS frame): the interim
    response must arrive before the final one, on the same stream."""
    require_apache("mod_http2")
    require_programs("curl", "nghttp")
    pre_client = a.where == "both"
    check_versions(lib, pre_client)
    docroot = os.path.join(wd, "www")
    digests = make_files(docroot, {n: (n, s) for n, s in SIZES.items()})
    client = Client(wd, lib, pre_client)
    out = os.path.join(wd, "body")
    conf = site(docroot, """H2Push off
H2EarlyHints on
<Location /1k>
  H2PushResource /0
</Location>
<Location /1m>
  H2PushResource /1k
  H2PushResource /0
</Location>
""")
    with Apache(wd, preload_env(lib, plain_env()), conf, ["http2"]) as ap:
        ap.check_lib(lib)
        base = f"http://127.0.0.1:{ap.port}"
        for name, links in (("1k", ["/0"]), ("1m", ["/1k", "/0"])):
            nghttp(client, f"{base}/{name}", out, "-v", "-n")
            with open(out, errors="replace") as f:
                text = f.read()
            sid = re.search(r"send HEADERS frame <[^>]*stream_id=(\d+)>\n\s*; END_STREAM", text)
            check(sid is not None, f"/{name}: nghttp -v shows its request")
            fields = re.findall(rf"recv \(stream_id={sid.group(1)}\) ([^:\s][^:]*|:status): (.*)",
                                text)
            statuses = [v for k, v in fields if k == ":status"]
            names = [k for k, _ in fields]
            final = names.index(":status", 1) if len(statuses) > 1 else len(fields)
            # One link field may carry several comma-separated links.
            hinted = [link.strip() for k, v in fields[:final] if k == "link"
                      for link in v.split(",")]
            want = [f"<{u}>; rel=preload" for u in links]
            check(statuses == ["103", "200"] and sorted(hinted) == sorted(want),
                  f"/{name}: nghttp sees 103 with links {hinted}, then 200 (statuses {statuses})")
            check("PUSH_PROMISE" not in text, f"/{name}: nothing pushed (H2Push off)")
            nghttp(client, f"{base}/{name}", out)
            check(sha256_file(out) == digests[name], f"/{name}: nghttp body sha256 matches")
            got, err = curl(client, f"{base}/{name}", out, "--http2-prior-knowledge", "-v")
            lines = re.findall(r"^< HTTP/2 (\d+)", err, re.M)
            check(got == "2 200" and lines == ["103", "200"],
                  f"/{name}: curl sees HTTP/2 {' then '.join(lines)}")
            check(sha256_file(out) == digests[name], f"/{name}: curl body sha256 matches")
        check(ap.alive(), "apache and its worker survived")


def proxy(a, lib, wd):
    """Apache with mod_proxy_http2 on the library under test in front of nghttpd
    over h2c: the proxy's backend connection is a client session of the library.
    "apache": only Apache on h2pool; "all": nghttpd and curl too."""
    require_apache("mod_http2", "mod_proxy", "mod_proxy_http2")
    require_programs("curl", "nghttpd", "h2load")
    everywhere = a.where == "all"
    check_versions(lib, everywhere)
    docroot = os.path.join(wd, "www")
    digests = make_files(docroot, {n: (n, s) for n, s in SIZES.items()})
    on_lib = preload_env(lib, plain_env())
    client = Client(wd, lib, everywhere)
    out = os.path.join(wd, "body")
    with nghttpd(wd, docroot, on_lib if everywhere else plain_env(), False) as backend:
        check_pid_lib(backend.proc.pid, lib if everywhere else SYSTEM_LIB)
        # An empty document root: a response can only have come from the backend.
        os.makedirs(os.path.join(wd, "empty"), exist_ok=True)
        body = site(os.path.join(wd, "empty"), f"""ProxyPass "/" "h2c://127.0.0.1:{backend.port}/"
ProxyPassReverse "/" "http://127.0.0.1:{backend.port}/"
""")
        with Apache(wd, on_lib, body, ["http2", "proxy", "proxy_http2"]) as ap:
            ap.check_lib(lib)
            base = f"http://127.0.0.1:{ap.port}"
            for name in SIZES:
                url = f"{base}/{name}"
                for mode, want in (("--http2-prior-knowledge", "2 200"), ("--http1.1", "1.1 200")):
                    got, _ = curl(client, url, out, mode)
                    check(got == want, f"curl {mode} /{name} via mod_proxy_http2: {got}")
                    check(sha256_file(out) == digests[name],
                          f"curl {mode} /{name} via mod_proxy_http2: sha256 matches")
            for name in ("1k", "1m"):
                src = os.path.join(docroot, name)
                got, _ = curl(client, f"{base}/{name}", out, "--http2-prior-knowledge",
                              "--data-binary", "@" + src)
                check(got == "2 200" and sha256_file(out) == digests[name],
                      f"curl POST {name} via mod_proxy_http2 to nghttpd --echo-upload:"
                      f" {got}, echoed sha256 matches")
            r = client.run([program("h2load"), "-n", "40", "-c", "2", "-m", "8", f"{base}/1k"])
            h2load_ok(r.stdout.decode(errors="replace"), 40, 1024, False)
            check(ap.alive() and backend.alive(), "apache and nghttpd survived")


def nghttpx_h1(a, lib, wd):
    """nghttpx on the library under test in front of an HTTP/1.1 backend
    (Apache without mod_http2), as `nghttpx -b HOST,PORT` sets it up by default:
    only its frontend server sessions are HTTP/2. (nghttpx relaying to nghttpd
    over h2 is tests/interop's nghttpx-* suite.)"""
    require_apache()
    require_programs("curl", "nghttp", "h2load", "nghttpx")
    everywhere = a.where == "all"
    check_versions(lib, everywhere)
    docroot = os.path.join(wd, "www")
    digests = make_files(docroot, {n: (n, s) for n, s in SIZES.items()})
    client = Client(wd, lib, everywhere)
    with Apache(wd, plain_env(), site(docroot).replace("h2 h2c ", "").replace(
            "H2Direct on\n", "")) as backend:
        check(not any(_maps_nghttp2(p) for p in [backend.pid, *backend.workers]),
              "the HTTP/1.1 backend maps no libnghttp2 at all")
        argv = [program("nghttpx"), "--conf=/dev/null", "--single-process", "--workers=1",
                f"-b127.0.0.1,{backend.port}", "--accesslog-file=/dev/null",
                f"--errorlog-file={wd}/nghttpx-error.log"]
        with Server(lambda p: argv + [f"--frontend=127.0.0.1,{p};no-tls"],
                    preload_env(lib, plain_env()), os.path.join(wd, "nghttpx.log")) as proxy:
            check_pid_lib(proxy.proc.pid, lib)
            base = f"http://127.0.0.1:{proxy.port}"
            get_all(client, base, digests, wd, "nghttpx -b (HTTP/1.1 backend)")
            for name, size in SIZES.items():
                n = 40 if size < (1 << 20) else 8
                r = client.run([program("h2load"), "-n", str(n), "-c", "2", "-m", "8",
                                f"{base}/{name}"])
                h2load_ok(r.stdout.decode(errors="replace"), n, size, False)
            check(proxy.alive() and backend.alive(), "nghttpx and apache survived")


def _maps_nghttp2(pid):
    with open(f"/proc/{pid}/maps") as f:
        return "libnghttp2" in f.read()


def run(a):
    lib = lib_under_test()
    with workdir() as wd:
        private_workdir(wd)
        {"fetch": fetch, "upgrade": upgrade, "push": push, "proxy": proxy, "hints": hints,
         "nghttpx-h1": nghttpx_h1}[a.cmd](a, lib, wd)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("fetch")
    p.add_argument("where", choices=("server", "both"))
    p.add_argument("--tls", action="store_true")
    sub.add_parser("upgrade")
    sub.add_parser("hints").add_argument("where", choices=("server", "both"))
    p = sub.add_parser("push")
    p.add_argument("server", choices=("nghttpd", "apache"))
    p.add_argument("where", choices=("client", "server", "both"))
    sub.add_parser("proxy").add_argument("where", choices=("apache", "all"))
    sub.add_parser("nghttpx-h1").add_argument("where", choices=("proxy", "all"))
    args = ap.parse_args()
    main(lambda: run(args))
