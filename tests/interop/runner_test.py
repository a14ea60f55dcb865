#!/usr/bin/env python3
"""tools/h2pool on real programs: it must switch nghttp and curl onto the
library under test, pass exit statuses through, and say clearly when a program
cannot be switched (static, setuid) or when there is no library."""

import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from h2interop import (SYSTEM_LIB, check, check_pid_lib, check_server_lib, elf_is_static,  # noqa: E402
                       lib_under_test, lib_version, main, make_docroot, nghttpd,
                       plain_env, program, require_programs, sha256_file, workdir)

SRC = os.environ.get("H2POOL_SOURCE_ROOT") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))
RUNNER = os.path.join(SRC, "tools", "h2pool")


def h2pool(args, lib, stdout=None, timeout=120):
    env = plain_env()
    if lib is not None:
        env["H2POOL_LIB"] = lib
    else:
        env.pop("H2POOL_LIB", None)
    return subprocess.run([sys.executable, RUNNER] + args, env=env, timeout=timeout,
                          stdout=stdout or subprocess.PIPE, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL)


def text(b):
    return b.decode(errors="replace") if isinstance(b, bytes) else ""


def run():
    require_programs("nghttpd", "nghttp", "curl")
    lib = lib_under_test()
    real = os.path.realpath(lib)
    version = lib_version(lib)

    r = h2pool(["lib"], lib)
    check(r.returncode == 0 and real in text(r.stdout) and f"({version})" in text(r.stdout),
          f"h2pool lib names {real} ({version})")

    build_root = os.environ.get("H2POOL_BUILD_ROOT", "")
    if build_root and os.path.realpath(build_root).startswith(os.path.realpath(SRC) + os.sep):
        r = h2pool(["lib"], None)
        found = text(r.stdout).split(" ")[0]
        check(r.returncode == 0 and os.path.exists(found)
              and os.path.realpath(found).startswith(os.path.realpath(SRC)),
              f"without H2POOL_LIB it finds a build in the tree ({found})")

    # curl -V prints the runtime nghttp2_version(); nghttp --version prints the
    # version nghttp was compiled with, so only the runner's trace proves it.
    for argv, banner in ((["nghttp", "--version"], "nghttp nghttp2/"),
                         (["curl", "-V"], f"nghttp2/{version}")):
        r = h2pool(["run", "--strict", "--"] + argv, lib)
        check(r.returncode == 0 and banner in text(r.stdout),
              f"h2pool run -- {' '.join(argv)}: prints {banner}")
        check("h2pool: ok:" in text(r.stderr) and real in text(r.stderr),
              f"h2pool run -- {argv[0]}: reports it used {real}")

    r = h2pool(["run", "--", "sh", "-c", "exit 7"], lib)
    check(r.returncode == 7, f"exit status passes through ({r.returncode})")
    check("did NOT run on h2pool" in text(r.stderr) and "functions was bound" in text(r.stderr),
          "a program that never calls libnghttp2 is reported as such")
    r = h2pool(["run", "--strict", "--", "sh", "-c", "exit 0"], lib)
    check(r.returncode == 3, f"--strict turns that into exit 3 ({r.returncode})")

    r = h2pool(["run", "--", "true"], "/nonexistent/h2pool")
    check(r.returncode == 2 and "does not exist" in text(r.stderr),
          "a missing library is reported, exit 2")

    ldconfig = "/sbin/ldconfig"
    if os.path.exists(ldconfig) and elf_is_static(ldconfig):
        r = h2pool(["run", "--strict", "--", ldconfig, "--version"], lib)
        check(r.returncode == 3 and "statically linked" in text(r.stderr),
              "a statically linked program is reported as unswitchable")
        r = h2pool(["check", "--", ldconfig], lib)
        check(r.returncode == 2 and "statically linked" in text(r.stderr),
              "h2pool check flags the static program before running it")

    if os.geteuid() == 0:
        d = tempfile.mkdtemp(prefix="h2pool-suid-")
        try:
            os.chmod(d, 0o755)
            suid = os.path.join(d, "curl")
            shutil.copy(shutil.which("curl"), suid)
            shutil.chown(suid, "nobody")
            os.chmod(suid, 0o4755)
            r = h2pool(["run", "--strict", "--", suid, "-V"], lib)
            check(r.returncode == 3 and "setuid" in text(r.stderr),
                  "a setuid program is reported as unswitchable")
        finally:
            shutil.rmtree(d, ignore_errors=True)

    with workdir() as wd:
        docroot = os.path.join(wd, "www")
        digests = make_docroot(docroot)
        with nghttpd(wd, docroot, plain_env(), tls=False) as srv:
            check_server_lib(srv, SYSTEM_LIB)
            base = f"http://127.0.0.1:{srv.port}"
            out = os.path.join(wd, "body")
            with open(out, "wb") as f:
                r = h2pool(["run", "--strict", "--", program("nghttp"), f"{base}/1m"], lib,
                           stdout=f)
            check(r.returncode == 0 and sha256_file(out) == digests["1m"],
                  "h2pool run -- nghttp: 1 MiB body intact")
            with open(out, "wb") as f:
                r = h2pool(["run", "--strict", "--", "curl", "-sS", "--http2-prior-knowledge",
                            f"{base}/1m"], lib, stdout=f)
            check(r.returncode == 0 and sha256_file(out) == digests["1m"],
                  "h2pool run -- curl: 1 MiB body intact")

            for argv in ([program("nghttp"), f"{base}/1m"],
                         ["curl", "-sS", "--http2-prior-knowledge", f"{base}/1k"]):
                r = h2pool(["compare", "--"] + argv, lib)
                o = text(r.stdout)
                print(o)
                rows = {}
                for line in o.splitlines():
                    cells = re.split(r"\s{2,}", line.strip())
                    if line.startswith("  ") and len(cells) >= 3:
                        rows[cells[0]] = cells[1:]
                check(r.returncode == 0, f"compare {os.path.basename(argv[0])}: exit 0")
                lib_row = rows.get("library", ["", ""])
                check(os.path.realpath(SYSTEM_LIB) in lib_row[0] and real in lib_row[1],
                      "compare names both libraries")
                check(rows.get("used it") == ["yes", "yes"],
                      "compare: both runs used their library")
                check(rows.get("stdout", [""])[-1] == "same"
                      and rows.get("exit status", [""])[-1] == "same",
                      "compare: same exit status and same stdout")
                for row in ("wall time", "user+sys CPU", "peak RSS"):
                    check(row in rows, f"compare reports {row}")

        # The runner also puts servers on h2pool; stopping it by PID stops them.
        env = plain_env()
        env["H2POOL_LIB"] = lib
        runner = [sys.executable, RUNNER, "run", "--"]
        srv = nghttpd(wd, docroot, env, tls=False, wrapper=runner)
        try:
            children = open(f"/proc/{srv.proc.pid}/task/{srv.proc.pid}/children").read().split()
            check(len(children) == 1, "the runner started one nghttpd")
            check_pid_lib(int(children[0]), lib)
            r = subprocess.run(["curl", "-sS", "--http2-prior-knowledge", "-o", out,
                                f"http://127.0.0.1:{srv.port}/16m"], env=plain_env(),
                               timeout=60)
            check(r.returncode == 0 and sha256_file(out) == digests["16m"],
                  "curl (upstream) from nghttpd under h2pool run: 16 MiB intact")
        finally:
            srv.stop()
        check(not os.path.exists(f"/proc/{children[0]}")
              or open(f"/proc/{children[0]}/stat").read().split()[2] == "Z",
              "stopping the runner stopped its nghttpd")


if __name__ == "__main__":
    main(run)
