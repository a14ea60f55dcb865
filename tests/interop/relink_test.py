#!/usr/bin/env python3
"""One C client source (relink/h2get.c) built three ways: against h2pool's
installed headers and library found with pkg-config in a destdir, against
upstream's, and statically against h2pool's archive. All runs fetch and upload
the same things from nghttpd and must agree with each other and with the files;
the upstream build also runs on h2pool (old binary, new library)."""

import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from h2interop import (SYSTEM_LIB, Failure, check, check_server_lib, lib_version,  # noqa: E402
                       log, main, make_docroot, nghttpd, plain_env, require_programs,
                       same_file, sha256_file, workdir)

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("H2POOL_SOURCE_ROOT") or os.path.dirname(os.path.dirname(HERE))
BUILD = os.environ.get("H2POOL_BUILD_ROOT") or os.path.join(SRC, "build-interop")
STAGE_BUILD = os.path.join(BUILD, "interop-stage")
TRIPLET = "usr/lib/x86_64-linux-gnu"
CLIENT = os.path.join(HERE, "relink", "h2get.c")
CFLAGS = ["-std=c11", "-O1", "-Wall", "-Wextra", "-Werror"]


def pkgconfig(args, dest=None):
    env = dict(os.environ)
    for k in ("PKG_CONFIG_PATH", "PKG_CONFIG_SYSROOT_DIR", "PKG_CONFIG_LIBDIR"):
        env.pop(k, None)
    if dest:
        env["PKG_CONFIG_LIBDIR"] = os.path.join(dest, TRIPLET, "pkgconfig")
        env["PKG_CONFIG_SYSROOT_DIR"] = dest
    r = subprocess.run(["pkg-config"] + args + ["libnghttp2"], capture_output=True, text=True,
                       env=env)
    if r.returncode != 0:
        raise Failure(f"pkg-config {' '.join(args)} failed: {r.stderr.strip()}")
    return r.stdout.split()


def compile_client(out, flags, what):
    cc = os.environ.get("CC") or "cc"
    r = subprocess.run([cc] + CFLAGS + ["-o", out, CLIENT] + flags, capture_output=True,
                       text=True, timeout=300)
    check(r.returncode == 0, f"h2get compiles and links {what}"
          + ("" if r.returncode == 0 else ":\n" + r.stderr[-3000:]))


def needed(path):
    out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


class Result:
    def __init__(self, stdout, outdir):
        lines = stdout.splitlines()
        self.info = dict(ln.split(" ", 1) for ln in lines if not ln.startswith("stream "))
        self.streams = [ln for ln in lines if ln.startswith("stream ")]
        self.bodies = [sha256_file(os.path.join(outdir, str(i)))
                       for i in range(len(self.streams))]


def fetch(binary, port, wd, tag, specs, libdir=None):
    outdir = os.path.join(wd, "out-" + tag)
    os.makedirs(outdir)
    env = plain_env()
    if libdir:
        env["LD_LIBRARY_PATH"] = libdir
    r = subprocess.run([binary, str(port), outdir] + specs, env=env, capture_output=True,
                       text=True, timeout=120)
    log(f"[{tag}]\n{r.stdout}{r.stderr}")
    check(r.returncode == 0, f"{tag}: every stream completed")
    return Result(r.stdout, outdir)


def run():
    require_programs("nghttpd", "pkg-config", "readelf", os.environ.get("CC") or "cc",
                     "meson")
    with workdir() as wd:
        dest = os.path.join(wd, "dest")
        r = subprocess.run([sys.executable, os.path.join(SRC, "tools", "stage-install"),
                            STAGE_BUILD, dest], capture_output=True, text=True, timeout=1500)
        if r.returncode != 0:
            raise Failure("stage-install failed:\n" + (r.stdout + r.stderr)[-3000:])
        libdir = os.path.join(dest, TRIPLET)
        ours_lib = os.path.join(libdir, "libnghttp2.so.14")
        ours_version = lib_version(ours_lib)

        flags = pkgconfig(["--cflags", "--libs"], dest)
        check(f"-I{dest}/usr/include" in flags and f"-L{libdir}" in flags,
              f"pkg-config in the destdir gives destdir flags {flags}")
        h2pool_bin = os.path.join(wd, "h2get-h2pool")
        upstream_bin = os.path.join(wd, "h2get-upstream")
        compile_client(h2pool_bin, flags, "against h2pool (pkg-config into the destdir)")
        compile_client(upstream_bin, pkgconfig(["--cflags", "--libs"]),
                       "against upstream (system pkg-config)")
        for b in (h2pool_bin, upstream_bin):
            check("libnghttp2.so.14" in needed(b), f"{os.path.basename(b)} NEEDs libnghttp2.so.14")

        # Static: what a C program gets from `pkg-config --static` and the
        # archive; a C++ engine must not leave C++ runtime symbols for a C linker.
        static_bin = os.path.join(wd, "h2get-static")
        archive = os.path.join(libdir, "libnghttp2.a")
        check(os.path.isfile(archive), f"static archive {archive} installed")
        # The archive by path: -Bstatic -lnghttp2 would quietly take the
        # system's libnghttp2.a from the default search path.
        sflags = pkgconfig(["--static", "--cflags", "--libs"], dest)
        sflags = [f if f != "-lnghttp2" else archive for f in sflags]
        compile_client(static_bin, sflags, "statically against h2pool's archive")
        check("libnghttp2.so.14" not in needed(static_bin), "static build NEEDs no libnghttp2")

        docroot = os.path.join(wd, "www")
        digests = make_docroot(docroot)
        specs = ["/0", "/1k", "/1m", "/16m", "/1m=@" + os.path.join(docroot, "1m"),
                 "/16m=@" + os.path.join(docroot, "16m"), "/absent"]
        want = [digests[n] for n in ("0", "1k", "1m", "16m", "1m", "16m")]

        runs = {}
        for server_on_ours in (False, True):
            senv = plain_env()
            if server_on_ours:
                senv["LD_LIBRARY_PATH"] = libdir
            with nghttpd(wd, docroot, senv, tls=False) as srv:
                check_server_lib(srv, ours_lib if server_on_ours else SYSTEM_LIB)
                side = "ours" if server_on_ours else "upstream"
                runs[f"upstream-build/{side}-server"] = (
                    fetch(upstream_bin, srv.port, wd, f"u-{side}", specs), SYSTEM_LIB, None)
                runs[f"h2pool-build/{side}-server"] = (
                    fetch(h2pool_bin, srv.port, wd, f"h-{side}", specs, libdir), ours_lib,
                    "1.70.0")
                runs[f"upstream-build-on-h2pool/{side}-server"] = (
                    fetch(upstream_bin, srv.port, wd, f"uh-{side}", specs, libdir), ours_lib,
                    None)
                runs[f"static-h2pool-build/{side}-server"] = (
                    fetch(static_bin, srv.port, wd, f"s-{side}", specs), static_bin, "1.70.0")
                check(srv.alive(), "nghttpd survived")

        for name, (res, lib, header) in runs.items():
            # nghttpd's error pages name its port, so each run is held
            # against the upstream build talking to the same server.
            ref = runs["upstream-build/" + name.split("/")[1]][0]
            check(same_file(res.info.get("library-path", ""), lib),
                  f"{name}: runs on {res.info.get('library-path')}")
            if lib != SYSTEM_LIB:
                check(res.info.get("library-version") == ours_version,
                      f"{name}: nghttp2_version() says {ours_version}")
            if header:
                check(res.info.get("header-version") == header,
                      f"{name}: compiled against the {header} headers")
            check(res.bodies[:len(want)] == want, f"{name}: every body and echo intact")
            streams = [re.sub(r"^stream \d+ ", "", s) for s in res.streams]
            ref_streams = [re.sub(r"^stream \d+ ", "", s) for s in ref.streams]
            check(streams == ref_streams and res.bodies == ref.bodies,
                  f"{name}: same statuses, sizes and bodies as the upstream build")


if __name__ == "__main__":
    main(run)
