"""Import benchmark (DESIGN.md §6): a CSV of N measures made by `massnahmen demo` and `export`,
imported into a fresh concept and imported again, beside `sqlite-utils insert --csv` of the same file
and a plain `csv` + `sqlite3` insert — all in one run, on the same machine, as ratios.

    python benchmarks/import/run.py [--measures 100000] [--repeat 1] [--workdir benchmarks/out/import]

Target: massnahmen import ≤ 0.35 × sqlite-utils insert --csv (which does no validation)."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

TARGET = 0.35
TODAY = "2026-11-21"

PLAIN_INSERT = r"""
import csv, sqlite3, sys
src, db = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8-sig", newline="") as f:
    reader = csv.reader(f, delimiter=";")
    header = next(reader)
    conn = sqlite3.connect(db)
    cols = ", ".join(f'"c{i}" TEXT' for i in range(len(header)))
    conn.execute(f"CREATE TABLE m ({cols})")
    conn.executemany(f"INSERT INTO m VALUES ({', '.join('?' * len(header))})", reader)
    conn.commit()
    conn.close()
"""


def run(cmd: list[str], env: dict, *, quiet: bool = True) -> float:
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE if quiet else None, stderr=subprocess.PIPE,
                          text=True, encoding="utf-8")
    took = time.perf_counter() - started
    if proc.returncode != 0:
        sys.stderr.write(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr}\n{proc.stdout or ''}\n")
        raise SystemExit(1)
    return took


def best(times: list[float]) -> float:
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--measures", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs per contender; the best counts")
    parser.add_argument("--workdir", type=Path, default=Path(__file__).resolve().parents[1] / "out" / "import")
    args = parser.parse_args()

    work: Path = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, MASSNAHMEN_TODAY=TODAY, MASSNAHMEN_USER="benchmark", PYTHONDONTWRITEBYTECODE="1")
    env.pop("MASSNAHMEN_DB", None)
    py = sys.executable
    massnahmen = [py, "-m", "massnahmen"]
    sqlite_utils = shutil.which("sqlite-utils") or str(Path(py).with_name("sqlite-utils"))

    demo = work / f"demo-{args.measures}.db"
    csv_file = work / f"massnahmen-{args.measures}.csv"
    if not demo.exists():
        print(f"building demo data ({args.measures} measures) …", flush=True)
        run([*massnahmen, "demo", str(demo), "--measures", str(args.measures), "--today", TODAY], env)
    if not csv_file.exists():
        run([*massnahmen, "--db", str(demo), "export", "-o", str(csv_file)], env)
    with csv_file.open(encoding="utf-8-sig", newline="") as f:
        rows = sum(1 for _ in __import__("csv").reader(f, delimiter=";")) - 1
    size = csv_file.stat().st_size / 1e6
    print(f"file: {csv_file.name}, {rows} rows, {size:.1f} MB")

    def fresh(name: str) -> Path:
        target = work / name
        for p in work.glob(f"{target.stem}*"):
            p.unlink()
        return target

    results: dict[str, list[float]] = {"fresh": [], "again": [], "sqlite_utils": [], "plain": []}
    for _ in range(args.repeat):
        db = fresh("import.db")
        run([*massnahmen, "--db", str(db), "init", "--name", "Benchmark"], env)
        results["fresh"].append(run([*massnahmen, "--db", str(db), "import", str(csv_file)], env))
        results["again"].append(run([*massnahmen, "--db", str(db), "import", str(csv_file)], env))
        su = fresh("sqlite-utils.db")
        results["sqlite_utils"].append(run([sqlite_utils, "insert", str(su), "measures", str(csv_file), "--csv",
                                            "--delimiter", ";"], env))
        plain = fresh("plain.db")
        results["plain"].append(run([py, "-c", PLAIN_INSERT, str(csv_file), str(plain)], env))

    peer = best(results["sqlite_utils"])
    labels = {
        "fresh": "massnahmen import (fresh concept)",
        "again": "massnahmen import (same file again)",
        "sqlite_utils": "sqlite-utils insert --csv (peer)",
        "plain": "csv + sqlite3 insert (floor)",
    }
    print(f"\n{'what':40} {'seconds':>8} {'× peer':>8}")
    for key, label in labels.items():
        t = best(results[key])
        print(f"{label:40} {t:8.2f} {t / peer:8.2f}")
    ratio = best(results["fresh"]) / peer
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(f"\ntarget: fresh import ≤ {TARGET} × peer → {ratio:.2f} ({verdict}); "
          f"floor is {best(results['plain']) / peer:.2f} × peer")


if __name__ == "__main__":
    main()
