#!/usr/bin/env python3
"""ABI test (a): the built libnghttp2.so exports exactly the upstream API.

Checks, each reported on its own line:
  * nm -D --defined-only lists only functions (type T), all named nghttp2_*;
  * that exported set == the global list of abi/libnghttp2.map
    == tests/abi/upstream-symbols.txt (182 names);
  * SONAME is libnghttp2.so.14 and no symbol versions are defined (upstream
    and Debian export unversioned symbols, and consumers bind to Base).

usage: check_exports.py LIB MAP SYMBOLS
"""
import re
import subprocess
import sys


def run(*cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def map_globals(path):
    text = open(path).read()
    m = re.search(r"global:(.*?)local:", text, re.S)
    if not m:
        raise SystemExit(f"{path}: no global:/local: sections")
    body = re.sub(r"/\*.*?\*/|#[^\n]*", "", m.group(1), flags=re.S)
    return [s.strip() for s in body.split(";") if s.strip()]


def show(names, limit=12):
    names = sorted(names)
    more = f" ... (+{len(names) - limit})" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def main():
    lib, mapfile, symfile = sys.argv[1:4]
    failures = 0

    def check(ok, what, detail=""):
        nonlocal failures
        print(("ok   " if ok else "FAIL ") + what + (f": {detail}" if detail and not ok else ""))
        if not ok:
            failures += 1

    upstream = [l.strip() for l in open(symfile) if l.strip()]
    mapped = map_globals(mapfile)
    check(len(upstream) == 182, "upstream-symbols.txt has 182 names", str(len(upstream)))
    check(len(set(upstream)) == len(upstream), "upstream-symbols.txt has no duplicates")
    check(set(mapped) == set(upstream) and len(mapped) == len(set(mapped)),
          "libnghttp2.map global list == upstream-symbols.txt",
          f"only in map: {show(set(mapped) - set(upstream))}; "
          f"only upstream: {show(set(upstream) - set(mapped))}")

    exported = {}
    for line in run("nm", "-D", "--defined-only", lib).splitlines():
        parts = line.split()
        if len(parts) >= 3:
            exported[parts[2]] = parts[1]
    foreign = [n for n in exported if not n.startswith("nghttp2_")]
    check(not foreign, "no non-nghttp2 symbols exported", show(foreign))
    not_func = [f"{n}({t})" for n, t in exported.items() if t != "T"]
    check(not not_func, "every export is a function (T)", show(not_func))
    names = set(n for n in exported if n.startswith("nghttp2_"))
    check(names == set(upstream), "exported set == upstream-symbols.txt",
          f"{len(names)} exported; missing {len(set(upstream) - names)}: "
          f"{show(set(upstream) - names)}; extra: {show(names - set(upstream))}")

    dyn = run("readelf", "-d", lib)
    m = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", dyn)
    soname = m.group(1) if m else None
    check(soname == "libnghttp2.so.14", "SONAME is libnghttp2.so.14", str(soname))
    check("(VERDEF)" not in dyn, "no symbol version definitions")

    print(f"abi-exports: {len(names)} of {len(upstream)} exported, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
