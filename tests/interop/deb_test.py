#!/usr/bin/env python3
"""tools/build-deb builds packages that can stand in for Debian's libnghttp2-14,
and the library they carry, unpacked into a throwaway root, serves curl, nghttp
and nghttpd found through LD_LIBRARY_PATH alone."""

import glob
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from h2interop import (SYSTEM_LIB, Client, Failure, check, check_server_lib,  # noqa: E402
                       lib_version, log, main, make_docroot, nghttpd, plain_env,
                       program, require_programs, sha256_file, workdir)

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("H2POOL_SOURCE_ROOT") or os.path.dirname(os.path.dirname(HERE))
BUILD = os.environ.get("H2POOL_BUILD_ROOT") or os.path.join(SRC, "build-interop")
STAGE_BUILD = os.path.join(BUILD, "interop-stage")
TRIPLET = "usr/lib/x86_64-linux-gnu"


def field(deb, name):
    r = subprocess.run(["dpkg-deb", "-f", deb, name], capture_output=True, text=True)
    return r.stdout.strip()


def soname(path):
    out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True).stdout
    m = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", out)
    return m.group(1) if m else None


def same_source_as(pkg):
    r = subprocess.run(["dpkg-query", "-W", "-f=${source:Package}", pkg],
                       capture_output=True, text=True)
    return r.stdout.strip()


def apt_simulation(deb):
    """What apt would remove to install the package here, without touching
    the system. Packages built from Debian's nghttp2 source pin
    libnghttp2-14 to their exact version, so only they may go; everything
    else that needs libnghttp2-14 (libcurl4, ...) must be satisfied by our
    Provides."""
    if shutil.which("apt-get") is None:
        log("apt-get not available: installability simulation skipped")
        return
    r = subprocess.run(["apt-get", "install", "-s", "-q", "--no-install-recommends",
                        "-o", "Debug::NoLocking=1", deb], capture_output=True, text=True,
                       timeout=300)
    if r.returncode != 0:
        raise Failure("apt-get -s could not install the package:\n" + r.stdout + r.stderr)
    removed = re.findall(r"^Remv (\S+)", r.stdout, re.M)
    installed = re.findall(r"^Inst (\S+)", r.stdout, re.M)
    log(f"apt-get -s: installs {installed}, removes {removed}")
    check("libnghttp2-14-h2pool" in installed, "apt would install libnghttp2-14-h2pool")
    foreign = [p for p in removed if same_source_as(p.split(":")[0]) != "nghttp2"]
    check(not foreign, f"apt removes nothing outside Debian's nghttp2 source ({foreign})")
    if subprocess.run(["dpkg-query", "-W", "libcurl4"], capture_output=True).returncode == 0:
        check("libcurl4" not in [p.split(":")[0] for p in removed],
              "libcurl4 (Depends: libnghttp2-14 (>= 1.50.0)) stays installed")


def run():
    require_programs("dpkg-deb", "dpkg-gencontrol", "dpkg-shlibdeps", "readelf", "nghttpd",
                     "nghttp", "curl", "meson")
    with workdir() as wd:
        out = os.path.join(wd, "debs")
        r = subprocess.run([sys.executable, os.path.join(SRC, "tools", "build-deb"),
                            "--builddir", STAGE_BUILD, "--outdir", out],
                           capture_output=True, text=True, timeout=1500)
        if r.returncode != 0:
            raise Failure("build-deb failed:\n" + (r.stdout + r.stderr)[-3000:])
        runtime = glob.glob(os.path.join(out, "libnghttp2-14-h2pool_*.deb"))
        dev = glob.glob(os.path.join(out, "libnghttp2-h2pool-dev_*.deb"))
        check(len(runtime) == 1 and len(dev) == 1, f"two packages built ({os.listdir(out)})")
        rt, dv = runtime[0], dev[0]

        check(field(rt, "Package") == "libnghttp2-14-h2pool", "runtime package name")
        check(re.fullmatch(r"libnghttp2-14 \(= [^)]+\)", field(rt, "Provides")) is not None,
              f"Provides: {field(rt, 'Provides')}")
        check(field(rt, "Conflicts") == "libnghttp2-14", f"Conflicts: {field(rt, 'Conflicts')}")
        check(field(rt, "Replaces") == "libnghttp2-14", f"Replaces: {field(rt, 'Replaces')}")
        check(field(rt, "Multi-Arch") == "same" and field(rt, "Section") == "libs",
              "Multi-Arch: same, Section: libs")
        check(field(rt, "Architecture") == "amd64", "Architecture: amd64")
        check(re.match(r"libc6 \(>= [\d.]+\)", field(rt, "Depends")) is not None,
              f"Depends from dpkg-shlibdeps: {field(rt, 'Depends')}")
        check(field(dv, "Provides").startswith("libnghttp2-dev (=")
              and field(dv, "Conflicts") == "libnghttp2-dev"
              and field(dv, "Replaces") == "libnghttp2-dev",
              "dev package stands in for libnghttp2-dev")
        check(field(dv, "Depends").startswith(f"libnghttp2-14-h2pool (= {field(rt, 'Version')})"),
              f"dev Depends: {field(dv, 'Depends')}")
        ctl = subprocess.run(["dpkg-deb", "--ctrl-tarfile", rt], capture_output=True).stdout
        members = subprocess.run(["tar", "-t"], input=ctl, capture_output=True).stdout.decode()
        for m in ("shlibs", "triggers", "md5sums"):
            check(f"./{m}" in members.split(), f"control member {m} present")

        root = os.path.join(wd, "root")
        for deb in (rt, dv):
            subprocess.run(["dpkg", "-x", deb, root], check=True, timeout=60)
        libdir = os.path.join(root, TRIPLET)
        lib = os.path.join(libdir, "libnghttp2.so.14")
        check(os.path.islink(lib) and os.path.isfile(lib), "libnghttp2.so.14 symlink unpacked")
        check(soname(os.path.realpath(lib)) == "libnghttp2.so.14", "SONAME libnghttp2.so.14")
        check(os.path.isfile(os.path.join(root, "usr/include/nghttp2/nghttp2.h"))
              and os.path.isfile(os.path.join(libdir, "pkgconfig/libnghttp2.pc")),
              "dev files unpacked")

        apt_simulation(rt)

        ours = lib_version(lib)
        env = plain_env()
        env["LD_LIBRARY_PATH"] = libdir
        banner = subprocess.run(["curl", "-V"], env=env, capture_output=True, text=True).stdout
        check(f"nghttp2/{ours}" in banner.split("\n")[0],
              f"curl -V with LD_LIBRARY_PATH into the root reports nghttp2/{ours}")

        docroot = os.path.join(wd, "www")
        digests = make_docroot(docroot)
        body = os.path.join(wd, "body")
        for server_on_deb in (False, True):
            senv = env if server_on_deb else plain_env()
            with nghttpd(wd, docroot, senv, tls=False) as srv:
                check_server_lib(srv, lib if server_on_deb else SYSTEM_LIB)
                base = f"http://127.0.0.1:{srv.port}"
                client = Client(wd, lib, True, search_only=True)
                for name in ("0", "1k", "1m", "16m"):
                    client.run([program("nghttp"), "-t", "60", f"{base}/{name}"],
                               stdout_path=body)
                    check(sha256_file(body) == digests[name],
                          f"nghttp on the unpacked library GET /{name}: sha256 matches")
                    r = client.run(["curl", "-sS", "--max-time", "60", "--http2-prior-knowledge",
                                    "-o", body, "-w", "%{http_version}", f"{base}/{name}"])
                    check(r.stdout == b"2" and sha256_file(body) == digests[name],
                          f"curl on the unpacked library GET /{name}: HTTP/2, sha256 matches")
                check(srv.alive(), "nghttpd survived")


if __name__ == "__main__":
    main(run)
