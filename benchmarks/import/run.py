"""Import benchmark: a CSV of N measures made by `massnahmen demo` and `export`,
imported into a fresh concept and imported again, beside `sqlite-utils insert --csv` of the same file
and a plain `csv` + `sqlite3` insert — all in one run, on the same machine, as ratios.

    python benchmarks/import/run.py [--measures 100000] [--repeat 1] [--workdir benchmarks/out/import]

Target: massnahmen import ≤ 0.5 × sqlite-utils insert --csv (which does no validation)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the shared benchmarks/measure.py
from measure import measure  # noqa: E402

TARGET = 0.5
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


PEAKS: dict[str, float] = {}  # label → highest peak memory (MiB) of its runs (where os.wait4 exists)


def run(cmd: list[str], env: dict, *, label: str | None = None) -> float:
    """Seconds the command took; with label, its peak memory goes to PEAKS."""
    result = measure(cmd, env)
    if label and result.peak_mib == result.peak_mib:  # not nan
        PEAKS[label] = max(PEAKS.get(label, 0.0), result.peak_mib)
    return result.wall


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
        results["fresh"].append(run([*massnahmen, "--db", str(db), "import", str(csv_file)], env, label="fresh"))
        results["again"].append(run([*massnahmen, "--db", str(db), "import", str(csv_file)], env, label="again"))
        su = fresh("sqlite-utils.db")
        results["sqlite_utils"].append(run([sqlite_utils, "insert", str(su), "measures", str(csv_file), "--csv",
                                            "--delimiter", ";"], env, label="sqlite_utils"))
        plain = fresh("plain.db")
        results["plain"].append(run([py, "-c", PLAIN_INSERT, str(csv_file), str(plain)], env, label="plain"))

    peer = best(results["sqlite_utils"])
    labels = {
        "fresh": "massnahmen import (fresh concept)",
        "again": "massnahmen import (same file again)",
        "sqlite_utils": "sqlite-utils insert --csv (peer)",
        "plain": "csv + sqlite3 insert (floor)",
    }
    print(f"\n{'what':40} {'seconds':>8} {'× peer':>8} {'peak MiB':>9}")
    for key, label in labels.items():
        t = best(results[key])
        peak = f"{PEAKS[key]:9.0f}" if key in PEAKS else f"{'–':>9}"
        print(f"{label:40} {t:8.2f} {t / peer:8.2f} {peak}")
    ratio = best(results["fresh"]) / peer
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(f"\ntarget: fresh import ≤ {TARGET} × peer → {ratio:.2f} ({verdict}); "
          f"floor is {best(results['plain']) / peer:.2f} × peer")


if __name__ == "__main__":
    main()
