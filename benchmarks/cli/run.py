"""Everyday commands beside Taskwarrior 2.6 doing the same, on the same number of items.

    python benchmarks/cli/run.py [--sizes 10000] [--sample] [--runs 7] [--keep DIR]

Pairs (massnahmen ↔ task):

    show NR                  ↔ task N info
    list                     ↔ task list
    list --overdue           ↔ task overdue
    due                      ↔ task due        (Taskwarrior's report of tasks due soon)
    edit NR --status …       ↔ task N modify priority:…
    review NR --note …       ↔ task N annotate …

For each size a demo database (`massnahmen demo --measures N`) and a Taskwarrior data directory
with N tasks (benchmarks/status writes it in Taskwarrior's own file format); `--sample` adds a copy
of sample.db, measured against the same Taskwarrior data of the first size. Both commands of a pair
run alternately after warm-up runs, output to a pipe. Reported: median wall time and median CPU time
(user + system, steadier on a busy machine), and the ratio of each. Target: ≤ 1.0 × Taskwarrior.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from measure import measure  # noqa: E402


def _status_bench():
    """benchmarks/status/run.py, which writes Taskwarrior's files (loaded by path: both are run.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("status_bench", HERE.parent / "status" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_status = _status_bench()
TODAY, massnahmen_cmd, write_taskwarrior = _status.TODAY, _status.massnahmen_cmd, _status.write_taskwarrior

TARGET = 1.0


def pairs(db: Path, code: str, tw: list[str]) -> dict[str, tuple[list[str], list[str]]]:
    """Each pair: our command and Taskwarrior's. Writing pairs alternate between two values so that
    every run really writes."""
    ours = [*massnahmen_cmd(), "--db", str(db), "--user", "bench"]
    return {
        "show": ([*ours, "show", code], [*tw, "1", "info"]),
        "list": ([*ours, "list"], [*tw, "list"]),
        "list --overdue": ([*ours, "list", "--overdue"], [*tw, "overdue"]),
        "due": ([*ours, "due"], [*tw, "due"]),
        "edit --status": ([*ours, "edit", code, "--status", "{status}"], [*tw, "1", "modify", "priority:{priority}"]),
        "review --note": ([*ours, "review", code, "--note", "Gespräch geführt {n}"],
                          [*tw, "1", "annotate", "Gespräch geführt {n}"]),
    }


def fill(cmd: list[str], n: int) -> list[str]:
    values = {"status": ("in_umsetzung", "geplant")[n % 2], "priority": ("H", "L")[n % 2], "n": str(n)}
    return [part.format(**values) for part in cmd]


def run_pairs(label: str, db: Path, rc: Path, runs: int) -> list[tuple]:
    env = dict(os.environ, MASSNAHMEN_TODAY=TODAY, LC_ALL="C.UTF-8")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    tw_env = dict(env, TASKRC=str(rc), TASKDATA=str(rc.parent))
    conn = sqlite3.connect(db)
    code = conn.execute("SELECT code FROM measures WHERE NOT archived ORDER BY id LIMIT 1").fetchone()[0]
    conn.close()
    tw = ["task", "rc.gc=off", "rc.confirmation=off", "rc.verbose=nothing"]
    rows = []
    counter = 0
    for name, (ours, task) in pairs(db, code, tw).items():
        for _ in range(2):  # warm-up: page cache, .pyc files
            counter += 1
            measure(fill(ours, counter), env)
            measure(fill(task, counter), tw_env)
        mine, theirs = [], []
        for _ in range(runs):  # alternately, so that a noisy moment hits both alike
            counter += 1
            mine.append(measure(fill(ours, counter), env))
            theirs.append(measure(fill(task, counter), tw_env))
        rows.append((label, name,
                     statistics.median(m.wall for m in mine), statistics.median(m.wall for m in theirs),
                     statistics.median(m.cpu for m in mine), statistics.median(m.cpu for m in theirs)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--sample", action="store_true", help="auch eine Kopie von sample.db messen")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="Daten in diesem Ordner anlegen/wiederverwenden")
    args = parser.parse_args()
    if not shutil.which("task"):
        raise SystemExit("Taskwarrior fehlt: apt-get update && apt-get install -y taskwarrior")
    version = subprocess.run(["task", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"Taskwarrior {version}, Python {sys.version.split()[0]}, {os.cpu_count()} Kerne")
    work_ctx = tempfile.TemporaryDirectory(prefix="bench-cli-") if args.keep is None else None
    work = Path(work_ctx.name) if work_ctx else args.keep
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, MASSNAHMEN_TODAY=TODAY)
    rows: list[tuple] = []
    try:
        for n in args.sizes:
            db = work / f"demo-{n}.db"
            if not db.exists():
                print(f"  Demo-Datenbank mit {n} Maßnahmen …", flush=True)
                subprocess.run([*massnahmen_cmd(), "demo", str(db), "--measures", str(n), "--today", TODAY],
                               check=True, env=env, stdout=subprocess.DEVNULL)
            rc = work / f"tw-{n}" / "taskrc"
            if not rc.exists():
                rc = write_taskwarrior(work / f"tw-{n}", n)
            if args.sample and n == args.sizes[0]:
                sample = work / "sample-copy.db"
                shutil.copyfile(HERE.parents[1] / "sample.db", sample)
                rows += run_pairs("sample.db", sample, rc, args.runs)
            rows += run_pairs(f"{n}", db, rc, args.runs)
    finally:
        if work_ctx:
            work_ctx.cleanup()
    print()
    print(f"{'Daten':>10}  {'Befehl':<16} {'massnahmen':>10} {'task':>8} {'Zeit':>6}   "
          f"{'CPU ms':>6} {'task':>6} {'CPU':>6}  Ziel ≤ {TARGET} ×")
    for label, name, ow, tw, oc, tc in rows:
        ratio = ow / tw
        print(f"{label:>10}  {name:<16} {ow:8.3f} s {tw:6.3f} s {ratio:5.2f}×   "
              f"{oc * 1000:6.0f} {tc * 1000:6.0f} {oc / tc:5.2f}×  {'ok' if ratio <= TARGET else 'VERFEHLT'}")


if __name__ == "__main__":
    main()
