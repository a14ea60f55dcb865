#!/usr/bin/env python3
"""Prints the behaviour differences of tests/diff/deviations.txt as the
Markdown table the README embeds between its DEVIATIONS markers, or with
--check verifies that README.md holds exactly that table (run by meson test,
so the user-facing list cannot drift from what the tests tolerate).

The `absent.*` entries (functions Debian 1.52 lacks) are summarised in one
row: they are new API, not behaviour a user would notice."""
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
rows, absent = [], []
for line in (root / "tests/diff/deviations.txt").read_text().splitlines():
    if not line.strip() or line.startswith("#"):
        continue
    key, version, reason = line.split("\t", 2)
    if key.startswith("absent."):
        absent.append(key[len("absent."):])
    else:
        rows.append((key, version, reason.replace("|", "\\|")))

out = ["| key | since upstream | what differs from the Debian 1.52 library |",
       "|---|---|---|"]
out += [f"| `{k}` | {v} | {r} |" for k, v, r in rows]
out.append(f"| `absent.*` | 1.59.0 - HEAD | {len(absent)} functions newer than 1.52 "
           f"exist in h2pool only: {', '.join('`' + a + '`' for a in absent)} |")
table = "\n".join(out)

begin, end = "<!-- DEVIATIONS BEGIN -->", "<!-- DEVIATIONS END -->"
if "--check" in sys.argv:
    readme = (root / "README.md").read_text()
    current = readme.split(begin, 1)[1].split(end, 1)[0].strip()
    if current != table:
        print("README.md's deviations table is out of date; regenerate with "
              "scripts/deviations-table.py --write")
        sys.exit(1)
    print(f"readme-deviations: {len(rows)} behaviour rows + {len(absent)} newer functions, in sync")
elif "--write" in sys.argv:
    p = root / "README.md"
    readme = p.read_text()
    head, rest = readme.split(begin, 1)
    tail = rest.split(end, 1)[1]
    p.write_text(f"{head}{begin}\n{table}\n{end}{tail}")
else:
    print(table)
