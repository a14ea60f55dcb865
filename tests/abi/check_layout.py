#!/usr/bin/env python3
"""ABI test (b): the layout probe built against h2pool's header and against
the reference header must print identical lines, and must cover every
constant and type the reference header declares (so a constant added there
but forgotten in the probe fails instead of passing silently).

usage: check_layout.py PROBE_OURS PROBE_REF REF_HEADER
"""
import re
import subprocess
import sys

# Include guard and export/deprecation plumbing: not part of the ABI.
NOT_ABI = {"NGHTTP2_H", "NGHTTP2_EXTERN"}


def main():
    ours_exe, ref_exe, ref_header = sys.argv[1:4]
    ours = subprocess.run([ours_exe], check=True, capture_output=True, text=True).stdout.splitlines()
    ref = subprocess.run([ref_exe], check=True, capture_output=True, text=True).stdout.splitlines()
    failures = 0
    for i in range(max(len(ours), len(ref))):
        a = ours[i] if i < len(ours) else "(end)"
        b = ref[i] if i < len(ref) else "(end)"
        if a != b:
            print(f"MISMATCH line {i + 1}:\n  ref  {b}\n  ours {a}")
            failures += 1
            if failures >= 20:
                break
    bad = [l for l in ours if "DIFFERENT" in l]
    for l in bad:
        print(f"MISMATCH prototype vs INVENTORY: {l}")
    failures += len(bad)

    header = open(ref_header).read()
    declared = set(re.findall(r"^\s*#\s*define\s+(NGHTTP2_[A-Z0-9_]+)", header, re.M))
    declared |= set(re.findall(r"^\s+(NGHTTP2_[A-Z0-9_]+)\s*=", header, re.M))
    declared -= NOT_ABI
    types = set(re.findall(r"^\}\s*(nghttp2_[a-z0-9_]+)\s*;", header, re.M))
    printed = set(l.split()[1] for l in ref if l.startswith(("enum ", "macro ")))
    printed_types = set(l.split()[1] for l in ref if l.startswith("type "))
    protos = [l for l in ref if l.startswith("proto ")]
    for name in sorted(declared - printed):
        print(f"NOT PROBED constant {name}")
        failures += 1
    for name in sorted(types - printed_types):
        print(f"NOT PROBED type {name}")
        failures += 1
    print(f"abi-layout: {len(ref)} lines ({len(printed_types)} types, "
          f"{len(printed)} constants, {len(protos)} prototypes), {failures} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
