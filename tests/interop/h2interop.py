"""Shared machinery of the interop tests: the library under test, real servers on
free loopback ports, clients run with proof of which libnghttp2 they loaded.

Standard library only, so the tests run on a bare Debian 12 with python3.
"""

import contextlib
import glob
import hashlib
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

SYSTEM_LIB = "/lib/x86_64-linux-gnu/libnghttp2.so.14"
SKIP = 77  # meson's "skipped" exit status

SIZES = {"0": 0, "1k": 1024, "1m": 1 << 20, "16m": 16 << 20}


class Failure(Exception):
    pass


def log(*args):
    print(*args, flush=True)


def check(cond, what):
    if not cond:
        raise Failure(what)
    log("ok:", what)


def main(fn):
    """Runs one test body and turns its outcome into meson's exit statuses."""
    try:
        fn()
    except Failure as e:
        log("FAIL:", e)
        sys.exit(1)
    except subprocess.TimeoutExpired as e:
        log("FAIL: timed out:", e)
        sys.exit(1)
    sys.exit(0)


def require_programs(*names):
    missing = [n for n in names if shutil.which(n) is None
               and not os.path.exists(os.path.join("/usr/sbin", n))]
    if missing:
        log("SKIP: not installed:", " ".join(missing),
            "(scripts/setup-debian.sh installs them)")
        sys.exit(SKIP)


def program(name):
    return shutil.which(name) or os.path.join("/usr/sbin", name)


# ---------------------------------------------------------------- libraries

def lib_under_test():
    """The libnghttp2 to test. H2POOL_LIB (a file or a directory holding
    libnghttp2.so.14) lets a developer point the suite at any build, including a
    copy of the reference library to prove the tests themselves."""
    cand = os.environ.get("H2POOL_LIB") or os.environ.get("H2POOL_BUILT_LIB")
    if not cand:
        raise Failure("neither H2POOL_LIB nor H2POOL_BUILT_LIB is set")
    if os.path.isdir(cand):
        cand = os.path.join(cand, "libnghttp2.so.14")
    cand = os.path.abspath(cand)
    if not os.path.exists(cand):
        raise Failure(f"library under test {cand} does not exist")
    return cand


def same_file(a, b):
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def lib_version(path):
    """version_str of nghttp2_version(0), read in a child so that a broken
    library cannot take the test process down with it."""
    code = ("import ctypes,sys\n"
            "class I(ctypes.Structure):\n"
            " _fields_=[('a',ctypes.c_int),('n',ctypes.c_int),"
            "('v',ctypes.c_char_p),('p',ctypes.c_char_p)]\n"
            "l=ctypes.CDLL(sys.argv[1],mode=ctypes.RTLD_LOCAL)\n"
            "f=l.nghttp2_version;f.restype=ctypes.POINTER(I);f.argtypes=[ctypes.c_int]\n"
            "print(f(0).contents.v.decode())\n")
    r = subprocess.run([sys.executable, "-c", code, path], capture_output=True,
                       text=True, timeout=30)
    if r.returncode != 0:
        raise Failure(f"nghttp2_version() of {path} failed: {r.stderr.strip()}")
    return r.stdout.strip()


def preload_env(lib, base=None):
    env = dict(os.environ if base is None else base)
    env["LD_PRELOAD"] = lib
    libdir = os.path.dirname(lib)
    old = env.get("LD_LIBRARY_PATH")
    env["LD_LIBRARY_PATH"] = libdir + (":" + old if old else "")
    return env


def plain_env():
    env = dict(os.environ)
    for k in ("LD_PRELOAD", "LD_LIBRARY_PATH", "LD_DEBUG", "LD_DEBUG_OUTPUT"):
        env.pop(k, None)
    return env


def mapped_nghttp2(pid):
    """Files named libnghttp2* mapped into a running process."""
    paths = set()
    with open(f"/proc/{pid}/maps") as f:
        for line in f:
            parts = line.split(None, 5)
            if len(parts) == 6 and "libnghttp2" in parts[5]:
                paths.add(parts[5].strip())
    return paths


def loaded_by_ld_debug(prefix):
    """Paths of every libnghttp2 the dynamic loader set up, per process, from
    LD_DEBUG=files output. Works for clients too short-lived to inspect."""
    per_pid = {}
    for fn in glob.glob(prefix + ".*"):
        pid = fn.rsplit(".", 1)[1]
        found = set()
        with open(fn, errors="replace") as f:
            for line in f:
                m = re.search(r"calling init: (\S*libnghttp2\S*)", line)
                if not m:
                    m = re.search(r"file=(/\S*libnghttp2\S*) \[\d+\];  generating link map", line)
                if m:
                    found.add(os.path.realpath(m.group(1)))
        per_pid[pid] = found
    return per_pid


def elf_is_static(path):
    """An ELF executable without PT_INTERP (static or static-pie)."""
    with open(path, "rb") as f:
        head = f.read(64)
        if head[:4] != b"\x7fELF" or head[4] != 2:
            return False
        phoff, = struct.unpack_from("<Q", head, 32)
        phentsize, phnum = struct.unpack_from("<HH", head, 54)
        for i in range(phnum):
            f.seek(phoff + i * phentsize)
            if struct.unpack("<I", f.read(4))[0] == 3:
                return False
    return True


# ---------------------------------------------------------------- test data

def content(name, size):
    """Deterministic, non-repeating bytes, so a misplaced or duplicated chunk
    changes the digest."""
    return hashlib.shake_256(b"h2pool-interop/" + name.encode()).digest(size) if size else b""


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def make_docroot(root):
    os.makedirs(root, exist_ok=True)
    digests = {}
    for name, size in SIZES.items():
        data = content(name, size)
        with open(os.path.join(root, name), "wb") as f:
            f.write(data)
        digests[name] = hashlib.sha256(data).hexdigest()
    return digests


def make_cert(d):
    key, cert = os.path.join(d, "key.pem"), os.path.join(d, "cert.pem")
    r = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise Failure("openssl could not make a certificate: " + r.stderr)
    return key, cert


@contextlib.contextmanager
def workdir():
    d = tempfile.mkdtemp(prefix="h2pool-interop-")
    try:
        yield d
    finally:
        shutil.rmtree(d, ignore_errors=True)


# ---------------------------------------------------------------- servers

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port):
    with socket.socket() as s:
        s.settimeout(0.5)
        try:
            s.connect(("127.0.0.1", port))
            return True
        except OSError:
            return False


class Server:
    """A server process on a free loopback port, stopped by its PID.

    argv_for(port) builds the command line; a port taken between probing and
    binding makes the server exit, and then another port is tried."""

    def __init__(self, argv_for, env, logpath, attempts=5, ready_timeout=15):
        self.proc = None
        for _ in range(attempts):
            self.port = free_port()
            self.log = open(logpath, "ab")
            self.proc = subprocess.Popen(argv_for(self.port), env=env, stdout=self.log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            deadline = time.monotonic() + ready_timeout
            while time.monotonic() < deadline and self.proc.poll() is None:
                if _listening(self.port):
                    return
                time.sleep(0.05)
            self.stop()
        with open(logpath, errors="replace") as f:
            raise Failure("server did not start: " + f.read()[-2000:])

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        if self.log:
            self.log.close()
            self.log = None

    def alive(self):
        return self.proc.poll() is None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def nghttpd(wd, docroot, env, tls, extra=(), wrapper=()):
    """nghttpd serving docroot; with tls, a certificate made now and ALPN h2.
    wrapper: a command prefix that starts nghttpd as its child."""
    args = [*wrapper, program("nghttpd"), "-a", "127.0.0.1", "-d", docroot, "--echo-upload", *extra]
    if tls:
        key, cert = make_cert(wd)
        return Server(lambda p: args + [str(p), key, cert], env, os.path.join(wd, "nghttpd.log"))
    return Server(lambda p: args + ["--no-tls", str(p)], env, os.path.join(wd, "nghttpd.log"))


def nghttpx(wd, backend_port, env, tls):
    """nghttpx in one process, h2 on both sides: its frontend is an nghttp2
    server session and its backend an nghttp2 client session."""
    args = [program("nghttpx"), "--conf=/dev/null", "--single-process", "--workers=1",
            f"--backend=127.0.0.1,{backend_port};;proto=h2",
            "--accesslog-file=/dev/null", f"--errorlog-file={wd}/nghttpx-error.log"]
    if tls:
        key, cert = make_cert(wd)
        return Server(lambda p: args + [f"--frontend=127.0.0.1,{p}", key, cert], env,
                      os.path.join(wd, "nghttpx.log"))
    return Server(lambda p: args + [f"--frontend=127.0.0.1,{p};no-tls"], env,
                  os.path.join(wd, "nghttpx.log"))


# ---------------------------------------------------------------- clients

class Client:
    """Runs client programs with or without the library under test and proves,
    from the loader's own trace, which libnghttp2 each process used."""

    def __init__(self, wd, lib, preload, search_only=False):
        """search_only: put lib's directory on LD_LIBRARY_PATH without
        preloading it, as an installed library would be found."""
        self.wd, self.lib, self.preload = wd, lib, preload
        self.search_only = search_only
        self.expect = lib if preload else SYSTEM_LIB
        self.n = 0

    def env(self):
        if not self.preload:
            return plain_env()
        env = preload_env(self.lib, plain_env())
        if self.search_only:
            del env["LD_PRELOAD"]
        return env

    def run(self, argv, timeout=120, stdout_path=None, check_rc=True):
        self.n += 1
        prefix = os.path.join(self.wd, f"ld-{self.n}")
        env = self.env()
        env["LD_DEBUG"] = "files"
        env["LD_DEBUG_OUTPUT"] = prefix
        out = open(stdout_path, "wb") if stdout_path else subprocess.PIPE
        try:
            r = subprocess.run(argv, env=env, stdout=out, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, timeout=timeout)
        finally:
            if stdout_path:
                out.close()
        loaded = loaded_by_ld_debug(prefix)
        for fn in glob.glob(prefix + ".*"):
            os.unlink(fn)
        users = {pid: libs for pid, libs in loaded.items() if libs}
        if not users:
            raise Failure(f"{argv[0]} loaded no libnghttp2 at all")
        for pid, libs in users.items():
            if len(libs) != 1 or not same_file(next(iter(libs)), self.expect):
                raise Failure(f"{os.path.basename(argv[0])} (pid {pid}) loaded {sorted(libs)},"
                              f" expected {os.path.realpath(self.expect)}")
        if check_rc and r.returncode != 0:
            err = r.stderr.decode(errors="replace")[-2000:]
            raise Failure(f"{' '.join(argv)} exited {r.returncode}: {err}")
        return r


def check_pid_lib(pid, expect):
    maps = mapped_nghttp2(pid)
    ok = len(maps) == 1 and same_file(next(iter(maps)), expect)
    check(ok, f"server pid {pid} maps {sorted(maps)} (expected {os.path.realpath(expect)})")


def check_server_lib(server, expect):
    check_pid_lib(server.proc.pid, expect)


def check_versions(lib, preload_client):
    """curl -V prints nghttp2_version(0) of the library it runs on, so it must
    name the library we put in place. (nghttp, nghttpd and h2load print the
    version they were compiled against, so their banners prove nothing; the
    loader trace and /proc/PID/maps do.) Only discriminating when the two
    libraries report different versions."""
    ours = lib_version(lib)
    system = lib_version(SYSTEM_LIB)
    log(f"library under test {lib}: {ours}; system library: {system}")
    env = preload_env(lib, plain_env()) if preload_client else plain_env()
    r = subprocess.run(["curl", "-V"], env=env, capture_output=True, text=True, timeout=30)
    want = ours if preload_client else system
    check(f"nghttp2/{want}" in r.stdout.split("\n")[0], f"curl -V reports nghttp2/{want}")


def h2load_ok(output, n, size, tls):
    m = re.search(r"requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, "
                  r"(\d+) failed, (\d+) errored, (\d+) timeout", output)
    if not m:
        raise Failure("h2load printed no request summary:\n" + output[-2000:])
    total, started, done, ok, failed, errored, timeout = map(int, m.groups())
    check(total == n and done == n and ok == n and failed == 0 and errored == 0
          and timeout == 0,
          f"h2load: {ok}/{n} succeeded, {failed} failed, {errored} errored, {timeout} timeout")
    m = re.search(r"status codes: (\d+) 2xx", output)
    check(m and int(m.group(1)) == n, f"h2load: {n} responses 2xx")
    m = re.search(r"traffic: .*, \S+ \((\d+)\) data", output)
    check(m and int(m.group(1)) == n * size, f"h2load: {n}*{size} data bytes received")
    if tls:
        check("Application protocol: h2" in output, "h2load negotiated h2 by ALPN")
