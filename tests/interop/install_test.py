#!/usr/bin/env python3
"""`meson install` must lay down exactly the files Debian's libnghttp2-14 and
libnghttp2-dev install (documentation and lintian overrides aside), and the
installed libnghttp2.pc must answer pkg-config the way Debian's does."""

import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from h2interop import Failure, check, log, main, workdir  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("H2POOL_SOURCE_ROOT") or os.path.dirname(os.path.dirname(HERE))
BUILD = os.environ.get("H2POOL_BUILD_ROOT") or os.path.join(SRC, "build-interop")
STAGE_BUILD = os.path.join(BUILD, "interop-stage")
SNAPSHOT = os.path.join(SRC, "tests", "data", "interop", "debian-libnghttp2-files.txt")
TRIPLET = "usr/lib/x86_64-linux-gnu"
VERSIONED = re.compile(r"libnghttp2\.so\.14\.\d+\.\d+$")


def normal(path):
    """The real library's name carries the libtool age and revision, which
    differ between releases by design (1.52: .14.24.1, 1.70: .14.29.5)."""
    return VERSIONED.sub("libnghttp2.so.14.<age>.<rev>", path)


def ignored(rel):
    return rel.startswith("usr/share/doc") or rel.startswith("usr/share/lintian")


def debian_files():
    """Files and symlinks of Debian's packages, relative to /, from dpkg when the
    packages are installed, else from the snapshot taken on Debian 12."""
    r = subprocess.run(["dpkg", "-L", "libnghttp2-14", "libnghttp2-dev"],
                       capture_output=True, text=True)
    if r.returncode == 0:
        rels = set()
        for line in r.stdout.splitlines():
            p = line.strip()
            if not p.startswith("/") or os.path.isdir(p) and not os.path.islink(p):
                continue
            rels.add(p.lstrip("/"))
        source = "dpkg -L libnghttp2-14 libnghttp2-dev"
    else:
        rels = {ln.strip() for ln in open(SNAPSHOT) if ln.strip() and not ln.startswith("#")}
        source = SNAPSHOT
    return {normal(p) for p in rels if not ignored(p)}, source


def installed_files(root):
    rels = set()
    for d, dirs, files in os.walk(root):
        for name in files + [x for x in dirs if os.path.islink(os.path.join(d, x))]:
            rels.add(os.path.relpath(os.path.join(d, name), root))
    return rels


def soname(path):
    out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True).stdout
    m = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", out)
    return m.group(1) if m else None


def pkgconfig(args, libdir=None, sysroot=None):
    env = dict(os.environ)
    for k in ("PKG_CONFIG_PATH", "PKG_CONFIG_SYSROOT_DIR", "PKG_CONFIG_LIBDIR"):
        env.pop(k, None)
    if libdir:
        env["PKG_CONFIG_LIBDIR"] = libdir
    if sysroot:
        env["PKG_CONFIG_SYSROOT_DIR"] = sysroot
    r = subprocess.run(["pkg-config"] + args + ["libnghttp2"], capture_output=True, text=True,
                       env=env)
    if r.returncode != 0:
        raise Failure(f"pkg-config {' '.join(args)} failed: {r.stderr.strip()}")
    return r.stdout.strip()


def shape(s):
    return re.sub(r"\d+", "N", s)


def run():
    with workdir() as wd:
        dest = os.path.join(wd, "dest")
        r = subprocess.run([sys.executable, os.path.join(SRC, "tools", "stage-install"),
                            STAGE_BUILD, dest], capture_output=True, text=True, timeout=1500)
        if r.returncode != 0:
            raise Failure("stage-install failed:\n" + (r.stdout + r.stderr)[-3000:])

        ours = installed_files(dest)
        want, source = debian_files()
        got = {normal(p) for p in ours}
        log(f"installed: {sorted(ours)}")
        log(f"expected ({source}): {sorted(want)}")
        missing, extra = sorted(want - got), sorted(got - want)
        # Recorded, not raised yet: the remaining checks still say what else is off.
        set_ok = not missing and not extra
        log(("ok:" if set_ok else "MISMATCH:"),
            f"same file set as Debian (missing {missing}, extra {extra})")

        libdir = os.path.join(dest, TRIPLET)
        real = [p for p in os.listdir(libdir) if VERSIONED.search(p)]
        check(len(real) == 1 and not os.path.islink(os.path.join(libdir, real[0])),
              f"one real shared library file ({real})")
        check(soname(os.path.join(libdir, real[0])) == "libnghttp2.so.14",
              "its SONAME is libnghttp2.so.14")
        for link in ("libnghttp2.so.14", "libnghttp2.so"):
            p = os.path.join(libdir, link)
            target = os.readlink(p) if os.path.islink(p) else None
            check(target is not None and not target.startswith("/")
                  and os.path.realpath(p) == os.path.realpath(os.path.join(libdir, real[0])),
                  f"{link} is a relative symlink resolving to {real[0]} ({target})")
        for h in ("nghttp2.h", "nghttp2ver.h"):
            a = open(os.path.join(dest, "usr/include/nghttp2", h), "rb").read()
            b = open(os.path.join(SRC, "abi/nghttp2", h), "rb").read()
            check(a == b, f"installed {h} is abi/nghttp2/{h}")

        pcdir = os.path.join(libdir, "pkgconfig")
        system_pc = "/" + TRIPLET + "/pkgconfig"
        mine_version = pkgconfig(["--modversion"], pcdir)
        check(mine_version == "1.70.0", f"pkg-config --modversion says {mine_version}")
        for args in (["--modversion", "--cflags", "--libs"], ["--modversion"], ["--cflags"],
                     ["--libs"], ["--static", "--libs"], ["--variable=libdir"],
                     ["--variable=includedir"], ["--variable=prefix"]):
            mine = pkgconfig(args, pcdir)
            theirs = pkgconfig(args, system_pc)
            check(shape(mine) == shape(theirs),
                  f"pkg-config {' '.join(args)}: '{mine}' has the shape of Debian's '{theirs}'")
        flags = pkgconfig(["--cflags", "--libs"], pcdir, sysroot=dest)
        check(f"-I{dest}/usr/include" in flags and f"-L{libdir}" in flags,
              f"with PKG_CONFIG_SYSROOT_DIR the flags point into the destdir ({flags})")
        check(set_ok, f"same file set as Debian (missing {missing}, extra {extra})")


if __name__ == "__main__":
    main(run)
