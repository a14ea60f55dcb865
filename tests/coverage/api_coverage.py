#!/usr/bin/env python3
"""Coverage by name: every exported nghttp2 function must be called by at
least one test, fuzz target or benchmark.

A function counts as called when some source under tests/, fuzz/ or bench/
contains a call expression for it: `nghttp2_NAME(` for code linked against
the library, or `.NAME(` / `->NAME(` for code that calls through the dlopen
harness's Api table (whose members drop the `nghttp2_` prefix). The
harness's own name list and symbol tables do not count: naming a function is
not calling it.

Prints every uncalled function and exits 1 if there is any.
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
exports = [l.strip() for l in (root / "tests/abi/upstream-symbols.txt").read_text().split()
           if l.strip()]

# Files that list or declare the API rather than call it.
not_callers = {"tests/diff/harness/api_list.h", "tests/diff/harness/api.h",
               "tests/diff/harness/api.cc"}
sources = []
for top in ("tests", "fuzz", "bench"):
    for p in (root / top).rglob("*"):
        rel = p.relative_to(root).as_posix()
        if p.suffix in (".c", ".cc", ".cpp", ".h") and rel not in not_callers:
            sources.append(p.read_text(errors="replace"))
text = "\n".join(sources)

missing = []
for sym in exports:
    short = sym[len("nghttp2_"):]
    pat = re.compile(r"(\b%s\s*\()|([.>]%s\s*\()" % (re.escape(sym), re.escape(short)))
    if not pat.search(text):
        missing.append(sym)

called = len(exports) - len(missing)
print(f"api-coverage: {called} of {len(exports)} exported functions are called by tests")
for m in missing:
    print(f"  not called by any test: {m}")
sys.exit(1 if missing else 0)
