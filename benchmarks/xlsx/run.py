"""Spreadsheet benchmark: an .xlsx export of N measures made by `massnahmen demo` and
`export --format xlsx`, imported into a fresh concept, beside openpyxl (read-only mode) only
iterating the same file's cells; the export beside openpyxl (write-only mode) writing the same
values; and `request create` for every contact of sample.db — all in one run, as ratios.

    python benchmarks/xlsx/run.py [--measures 100000] [--repeat 1] [--workdir benchmarks/out/xlsx]

Targets: import ≤ 1.0 × openpyxl reading, export ≤ 1.0 × openpyxl writing, request create < 1 s.
Each contender is its own process (interpreter start included); seconds are wall time, „cpu“ the
process's user + system time (what a loaded machine does not distort)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the shared benchmarks/measure.py
from measure import measure  # noqa: E402

TODAY = "2026-11-21"
ROOT = Path(__file__).resolve().parents[2]

OPENPYXL_READ = r"""
import sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True)
cells = 0
for row in book.worksheets[0].iter_rows(values_only=True):
    for value in row:
        cells += 1
print(cells)
"""

# the same values as the export: read from the CSV export of the same measures (dates as dates),
# then written with openpyxl's write-only workbook
OPENPYXL_WRITE = r"""
import csv, sys
from datetime import datetime
import openpyxl
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f, delimiter=";"))
header, rows = rows[0], rows[1:]
dates = [i for i, h in enumerate(header) if h in ("Beginn", "Ende", "Wiedervorlage")]
for row in rows:
    for i in dates:
        if row[i]:
            row[i] = datetime.strptime(row[i], "%d.%m.%Y")
book = openpyxl.Workbook(write_only=True)
sheet = book.create_sheet("Maßnahmen")
sheet.append(header)
for row in rows:
    sheet.append([v if v != "" else None for v in row])
book.save(sys.argv[2])
"""

CALAMINE_READ = r"""
import sys, python_calamine
book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
print(sum(len(r) for r in book.get_sheet_by_index(0).iter_rows()))
"""


def run(cmd: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, cpu seconds) of the command."""
    result = measure(cmd, env)
    return result.wall, result.cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--measures", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs per contender; the best counts")
    parser.add_argument("--workdir", type=Path, default=ROOT / "benchmarks" / "out" / "xlsx")
    args = parser.parse_args()

    work: Path = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, MASSNAHMEN_TODAY=TODAY, MASSNAHMEN_USER="benchmark", PYTHONDONTWRITEBYTECODE="1")
    env.pop("MASSNAHMEN_DB", None)
    py = sys.executable
    massnahmen = [py, "-m", "massnahmen"]

    demo = work / f"demo-{args.measures}.db"
    xlsx = work / f"massnahmen-{args.measures}.xlsx"
    csv_file = work / f"massnahmen-{args.measures}.csv"
    if not demo.exists():
        print(f"building demo data ({args.measures} measures) …", flush=True)
        run([*massnahmen, "demo", str(demo), "--measures", str(args.measures), "--today", TODAY], env)
    if not csv_file.exists():
        run([*massnahmen, "--db", str(demo), "export", "-o", str(csv_file)], env)
    if not xlsx.exists():
        run([*massnahmen, "--db", str(demo), "export", "-o", str(xlsx)], env)
    print(f"file: {xlsx.name}, {xlsx.stat().st_size / 1e6:.1f} MB")

    results: dict[str, list[tuple[float, float]]] = {k: [] for k in (
        "import", "dry_run", "openpyxl_read", "calamine_read", "export", "openpyxl_write", "request")}
    sample = work / "sample.db"
    for _ in range(args.repeat):
        db = work / "import.db"
        for p in work.glob("import*.db"):
            p.unlink()
        run([*massnahmen, "--db", str(db), "init", "--name", "Benchmark"], env)
        results["import"].append(run([*massnahmen, "--db", str(db), "import", str(xlsx)], env))
        results["dry_run"].append(run([*massnahmen, "--db", str(db), "import", str(xlsx), "--dry-run"], env))
        results["openpyxl_read"].append(run([py, "-c", OPENPYXL_READ, str(xlsx)], env))
        results["calamine_read"].append(run([py, "-c", CALAMINE_READ, str(xlsx)], env))
        results["export"].append(run([*massnahmen, "--db", str(demo), "export", "-o", str(work / "out.xlsx")], env))
        results["openpyxl_write"].append(run([py, "-c", OPENPYXL_WRITE, str(csv_file), str(work / "peer.xlsx")],
                                             env))
        shutil.copy(ROOT / "sample.db", sample)
        run([*massnahmen, "--db", str(sample), "list"], env)  # the schema migration is not the request
        folder = work / "abfrage"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        results["request"].append(run([*massnahmen, "--db", str(sample), "request", "create", "-o", str(folder)],
                                      env))
        files = len(list(folder.glob("*.xlsx")))

    def best(key: str) -> tuple[float, float]:
        return min(results[key])

    labels = {
        "import": "massnahmen import (fresh concept)",
        "dry_run": "massnahmen import --dry-run (again)",
        "openpyxl_read": "openpyxl read-only, iterate cells (peer)",
        "calamine_read": "python-calamine, iterate cells (floor)",
        "export": "massnahmen export -o x.xlsx",
        "openpyxl_write": "openpyxl write-only, same values (peer)",
        "request": f"massnahmen request create ({files} files)",
    }
    print(f"\n{'what':44} {'seconds':>8} {'cpu':>8}")
    for key, label in labels.items():
        wall, cpu = best(key)
        print(f"{label:44} {wall:8.2f} {cpu:8.2f}")
    imp = best("import")[0] / best("openpyxl_read")[0]
    exp = best("export")[0] / best("openpyxl_write")[0]
    req = best("request")
    print(f"\ntarget: import ≤ 1.0 × openpyxl reading → {imp:.2f} ({'met' if imp <= 1 else 'NOT met'})")
    print(f"target: export ≤ 1.0 × openpyxl writing → {exp:.2f} ({'met' if exp <= 1 else 'NOT met'})")
    print(f"target: request create < 1 s → {req[0]:.2f} s wall, {req[1]:.2f} s cpu "
          f"({'met' if req[0] < 1 else 'NOT met'})")


if __name__ == "__main__":
    main()
