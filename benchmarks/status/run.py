"""`massnahmen status` beside Taskwarrior 2.6 `task summary` on the same number of items.

    python benchmarks/status/run.py [--sizes 10000 100000] [--runs 7] [--keep DIR]

For each size: a demo database (`massnahmen demo --measures N --today 2026-11-21`) and a Taskwarrior
data directory with N tasks (written directly in Taskwarrior's file format: about the demo's share
of open and closed items, nine projects with three sub-projects each, due dates on the open ones),
then both commands alternately (after warm-up runs), output to a pipe. Reported: median wall time
and peak resident memory of each, and the ratios against the targets (docs/architecture.md, „Targets“):

    10 000:  time ≤ 1.5 × peer
    100 000: time ≤ 0.2 × peer, memory ≤ 0.25 × peer

Extra rows break the time down: `massnahmen --help` (Typer start-up without parameter coercion),
`python -c` calling the report functions without Typer (the floor of this code path), and status
on a copy of the database with the covering index the overview can use.

Needs Taskwarrior (`apt-get install taskwarrior`); the script offers the command if it is missing.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

TODAY = "2026-11-21"
TODAY_EPOCH = 1795219200  # 2026-11-21 00:00 UTC
DAY = 86400
TARGETS = {10_000: (1.5, None), 100_000: (0.2, 0.25)}
FIELDS = ["Bildung", "Kultur", "Konflikte", "Wohnen", "Arbeit", "Ehrenamt", "Freizeit", "Gesundheit", "Soziales"]


def massnahmen_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("massnahmen")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "massnahmen"]


def clean_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a real installation has its .pyc files
    env["MASSNAHMEN_TODAY"] = TODAY
    env["LC_ALL"] = "C.UTF-8"
    return env


def measure(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """(wall seconds, peak RSS in KiB) of one run, output to a pipe that is drained."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert proc.stdout is not None
    for _chunk in iter(lambda: proc.stdout.read(65536), b""):
        pass
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} endete mit {proc.returncode}")
    return elapsed, usage.ru_maxrss


# -- Taskwarrior data -------------------------------------------------------------------------
def tw_line(attrs: dict[str, str]) -> str:
    body = " ".join(f'{k}:"{v}"' for k, v in sorted(attrs.items()))
    return f"[{body}]\n"


def write_taskwarrior(data: Path, n: int, seed: int = 2026) -> Path:
    """N tasks in Taskwarrior 2.6's own files (pending.data, completed.data); returns the taskrc."""
    rnd = random.Random(seed)
    data.mkdir(parents=True, exist_ok=True)
    with open(data / "pending.data", "w", encoding="utf-8", newline="\n") as pending, \
            open(data / "completed.data", "w", encoding="utf-8", newline="\n") as completed:
        for i in range(n):
            field = rnd.randrange(len(FIELDS))
            entry = TODAY_EPOCH - rnd.randrange(3 * 365) * DAY
            attrs = {
                "description": f"Massnahme {field + 1}.{i} Sprachcafe fuer Eltern mit Kinderbetreuung",
                "entry": str(entry),
                "modified": str(entry + rnd.randrange(30) * DAY),
                "project": f"{FIELDS[field]}.Ziel{rnd.randrange(3) + 1}",
                "uuid": str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
            }
            if rnd.random() < 0.2:  # about the demo's share of closed measures
                attrs["status"] = "completed" if rnd.random() < 0.75 else "deleted"
                attrs["end"] = str(entry + rnd.randrange(1, 365) * DAY)
                completed.write(tw_line(attrs))
            else:
                attrs["status"] = "pending"
                if rnd.random() < 0.94:
                    attrs["due"] = str(TODAY_EPOCH + rnd.randrange(-150, 400) * DAY)
                pending.write(tw_line(attrs))
    for name in ("undo.data", "backlog.data"):
        (data / name).write_text("", encoding="utf-8")
    rc = data / "taskrc"
    rc.write_text(
        f"data.location={data}\nconfirmation=off\nverbose=nothing\ncolor=off\nhooks=off\ngc=off\n"
        "news.version=2.6.0\n", encoding="utf-8")
    return rc


# -- runs -------------------------------------------------------------------------------------
def run_size(n: int, work: Path, runs: int) -> dict:
    env = clean_env()
    db = work / f"demo-{n}.db"
    if not db.exists():
        print(f"  Demo-Datenbank mit {n} Maßnahmen …", flush=True)
        subprocess.run([*massnahmen_cmd(), "demo", str(db), "--measures", str(n), "--today", TODAY],
                       check=True, env=env, stdout=subprocess.DEVNULL)
    indexed = work / f"demo-{n}-covering.db"
    if not indexed.exists():
        shutil.copyfile(db, indexed)
        import sqlite3

        sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
        from massnahmen.reports.status import COVERING_COLUMNS, COVERING_INDEX

        conn = sqlite3.connect(indexed)
        conn.execute(f"CREATE INDEX IF NOT EXISTS {COVERING_INDEX} ON measures ({', '.join(COVERING_COLUMNS)})")
        conn.commit()
        conn.close()
    rc = work / f"tw-{n}" / "taskrc"
    if not rc.exists():
        print(f"  Taskwarrior-Daten mit {n} Aufgaben …", flush=True)
        rc = write_taskwarrior(work / f"tw-{n}", n)
    tw_env = dict(env, TASKRC=str(rc), TASKDATA=str(rc.parent))
    task = ["task", "rc.gc=off", "summary"]
    ours = [*massnahmen_cmd(), "--db", str(db), "status", "--today", TODAY]
    ours_idx = [*massnahmen_cmd(), "--db", str(indexed), "status", "--today", TODAY]
    def floor(path: Path) -> list[str]:
        return [sys.executable, "-c",
                "import sys\nfrom datetime import date\nfrom massnahmen.store.db import Store\n"
                "from massnahmen.reports.status import status_overview\n"
                "from massnahmen.reports.render_text import status_text\n"
                f"s = Store.open({str(path)!r})\n"
                f"sys.stdout.write(status_text(status_overview(s, date.fromisoformat({TODAY!r}))))\n"]

    variants = {
        "task": (task, tw_env),
        "ours": (ours, env),
        "ours_covering": (ours_idx, env),
        "floor_no_typer": (floor(db), env),
        "floor_covering": (floor(indexed), env),
        "typer_help": ([*massnahmen_cmd(), "--help"], env),
    }
    for cmd, cmd_env in variants.values():
        for _ in range(2):  # warm-up: page cache, .pyc files
            measure(cmd, cmd_env)
    samples: dict[str, list[tuple[float, int]]] = {key: [] for key in variants}
    for _ in range(runs):  # round robin, so that a noisy moment hits every variant alike
        for key, (cmd, cmd_env) in variants.items():
            samples[key].append(measure(cmd, cmd_env))
    out: dict = {"n": n}
    for key, values in samples.items():
        out[key] = (statistics.median(t for t, _ in values), max(r for _, r in values))
    return out


def report(rows: list[dict]) -> None:
    print()
    print(f"{'Anzahl':>8}  {'task summary':>20}  {'massnahmen status':>20}  {'Zeit':>7}  {'Speicher':>8}  Ziel")
    for r in rows:
        (tt, tm), (ot, om) = r["task"], r["ours"]
        t_ratio, m_ratio = ot / tt, om / tm
        t_target, m_target = TARGETS.get(r["n"], (None, None))
        verdict = []
        if t_target:
            verdict.append(f"Zeit ≤ {t_target} × {'ok' if t_ratio <= t_target else 'VERFEHLT'}")
        if m_target:
            verdict.append(f"Speicher ≤ {m_target} × {'ok' if m_ratio <= m_target else 'VERFEHLT'}")
        print(f"{r['n']:>8}  {tt:8.3f} s {tm / 1024:6.1f} MiB  {ot:8.3f} s {om / 1024:6.1f} MiB  "
              f"{t_ratio:6.2f}×  {m_ratio:7.2f}×  {'; '.join(verdict)}")
    print()
    print("Aufschlüsselung (Median, Spitzenspeicher):")
    for r in rows:
        tt = r["task"][0]
        for key, label in (("ours_covering", "status, Datei mit Covering-Index"),
                           ("floor_no_typer", "dieselbe Arbeit ohne Typer (python -c)"),
                           ("floor_covering", "ohne Typer, mit Covering-Index"),
                           ("typer_help", "massnahmen --help (nur Typer-Start)")):
            t, m = r[key]
            print(f"{r['n']:>8}  {label:<44} {t:7.3f} s {m / 1024:6.1f} MiB  ({t / tt:5.2f} × task)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="Daten in diesem Ordner anlegen/wiederverwenden")
    args = parser.parse_args()
    if not shutil.which("task"):
        raise SystemExit("Taskwarrior fehlt: apt-get update && apt-get install -y taskwarrior")
    version = subprocess.run(["task", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"Taskwarrior {version}, Python {sys.version.split()[0]}, {os.cpu_count()} Kerne")
    work_ctx = tempfile.TemporaryDirectory(prefix="bench-status-") if args.keep is None else None
    work = Path(work_ctx.name) if work_ctx else args.keep
    work.mkdir(parents=True, exist_ok=True)
    try:
        rows = []
        for n in args.sizes:
            print(f"{n} Einträge:", flush=True)
            rows.append(run_size(n, work, args.runs))
        report(rows)
    finally:
        if work_ctx:
            work_ctx.cleanup()


if __name__ == "__main__":
    main()
