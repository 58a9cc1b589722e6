"""TUI start-up in a real terminal (tmux), against two peers in the same run (the targets in docs/architecture.md).

    python benchmarks/tui_startup/run.py [--measures 100000] [--db FILE] [--repeat 3]

1. a minimal Textual app (header, one line, footer) until its line is on the screen;
2. a Textual DataTable filled with the same rows as the measure table, until its first row shows;
3. massnahmen on the Maßnahmen screen until the first measure row shows;
4. one search keystroke until the table shows the re-filtered rows (and until the count is exact);
5. peak memory (VmHWM) of the massnahmen process.

Times are wall-clock from `tmux new-session` to the text appearing in `tmux capture-pane`
(polled every few milliseconds), so they include the interpreter start, as a person sees it."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

TODAY = "2026-11-21"
WIDTH, HEIGHT = 120, 40

MINIMAL_APP = textwrap.dedent('''
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Minimal(App):
        def compose(self):
            yield Header()
            yield Static("MINIMAL-BEREIT")
            yield Footer()

    Minimal().run()
''')

DATATABLE_APP = textwrap.dedent('''
    import sqlite3, sys
    from textual.app import App
    from textual.widgets import DataTable, Footer, Header

    SQL = """SELECT m.code, m.title, f.name, coalesce(c.name, c.organisation, ''), m.status,
                    coalesce(m.assessment, ''), coalesce(m.review_date, '')
             FROM measures m JOIN fields f ON f.id = m.field_id LEFT JOIN contacts c ON c.id = m.contact_id
             WHERE m.archived = 0 ORDER BY m.code_sort"""

    class Peer(App):
        def compose(self):
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self):
            table = self.query_one(DataTable)
            table.add_columns("Nr.", "Maßnahme", "Handlungsfeld", "Zuständig", "Status", "Ampel", "Wiedervorlage")
            rows = sqlite3.connect(sys.argv[1]).execute(SQL).fetchall()
            table.add_rows(rows)

    Peer().run()
''')


def tmux(*args: str, check: bool = True) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=check).stdout


def capture(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session, check=False)


def wait_for(session: str, predicate, timeout: float) -> float | None:
    """Seconds until predicate(screen text) holds, polling capture-pane."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if predicate(capture(session)):
            return time.perf_counter()
        time.sleep(0.003)
    return None


def start(session: str, command: str) -> float:
    tmux("kill-session", "-t", session, check=False)
    t0 = time.perf_counter()
    tmux("new-session", "-d", "-s", session, "-x", str(WIDTH), "-y", str(HEIGHT), command)
    return t0


def stop(session: str) -> None:
    tmux("kill-session", "-t", session, check=False)


def pane_pid(session: str) -> int:
    return int(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())


def peak_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def first_code(db: Path) -> str:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT code FROM measures WHERE archived = 0 ORDER BY code_sort LIMIT 1").fetchone()[0]
    finally:
        conn.close()


def row_visible(code: str):
    def check(screen: str) -> bool:
        return any(line.split()[:1] == [code] or line.lstrip(" │").startswith(code + " ") for line in screen.splitlines())

    return check


def info_line(screen: str) -> str:
    for line in screen.splitlines():
        if "Maßnahmen ·" in line or "lädt …" in line:
            return line
    return ""


def measure_minimal(py: str, workdir: Path) -> float:
    script = workdir / "minimal_app.py"
    script.write_text(MINIMAL_APP, encoding="utf-8")
    t0 = start("bench-min", f"exec {py} {script}")
    t1 = wait_for("bench-min", lambda s: "MINIMAL-BEREIT" in s, 30)
    stop("bench-min")
    return t1 - t0


def measure_datatable(py: str, workdir: Path, db: Path, code: str) -> float | None:
    script = workdir / "datatable_app.py"
    script.write_text(DATATABLE_APP, encoding="utf-8")
    t0 = start("bench-dt", f"exec {py} {script} {db}")
    t1 = wait_for("bench-dt", row_visible(code), 180)
    stop("bench-dt")
    return None if t1 is None else t1 - t0


def measure_massnahmen(py: str, db: Path, code: str, word: str) -> dict:
    env = f"MASSNAHMEN_TODAY={TODAY} MASSNAHMEN_TUI_START=measures MASSNAHMEN_USER=bench"
    t0 = start("bench-m", f"exec env {env} {py} -m massnahmen --db {db}")
    t1 = wait_for("bench-m", row_visible(code), 60)
    out: dict = {"start": None if t1 is None else t1 - t0}
    pid = pane_pid("bench-m")
    # the search box, then one keystroke after another; each until the table shows the new rows
    tmux("send-keys", "-t", "bench-m", "/")
    time.sleep(0.3)
    keys = []
    typed = ""
    for ch in word:
        typed += ch
        needle = f"Suche „{typed}“"
        k0 = time.perf_counter()
        tmux("send-keys", "-t", "bench-m", "-l", ch)
        k1 = wait_for("bench-m", lambda s: needle in info_line(s) and "lädt" not in info_line(s), 10)
        k2 = wait_for("bench-m", lambda s: needle in info_line(s) and "+ Maßnahmen" not in info_line(s)
                      and "lädt" not in info_line(s), 10)
        keys.append((ch, None if k1 is None else k1 - k0, None if k2 is None else k2 - k0, info_line(capture("bench-m"))))
        time.sleep(0.2)
    out["keys"] = keys
    out["peak_mib"] = peak_mib(pid)
    tmux("send-keys", "-t", "bench-m", "Escape")
    time.sleep(0.1)
    tmux("send-keys", "-t", "bench-m", "q")
    time.sleep(0.3)
    stop("bench-m")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="an existing demo database (else one is generated)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--search", default="sprach", help="the word typed into the search box")
    parser.add_argument("--skip-datatable", action="store_true")
    args = parser.parse_args()
    if not shutil.which("tmux"):
        sys.exit("tmux fehlt")
    py = sys.executable
    workdir = Path(tempfile.mkdtemp(prefix="tui-bench-"))
    db = args.db
    if db is None:
        db = workdir / "demo.db"
        print(f"building {args.measures} demo measures …", flush=True)
        subprocess.run([py, "-m", "massnahmen", "demo", str(db), "--measures", str(args.measures),
                        "--today", TODAY], check=True, env=os.environ | {"MASSNAHMEN_TODAY": TODAY})
    db = db.resolve()
    code = first_code(db)

    minimal, ours, searches = [], [], []
    peak = None
    for i in range(args.repeat):
        minimal.append(measure_minimal(py, workdir))
        run = measure_massnahmen(py, db, code, args.search)
        ours.append(run["start"])
        searches.append(run["keys"])
        peak = max(peak or 0, run["peak_mib"] or 0)
        print(f"run {i + 1}: minimal {minimal[-1]:.3f} s, massnahmen {run['start']:.3f} s", flush=True)
    datatable = None
    if not args.skip_datatable:
        datatable = measure_datatable(py, workdir, db, code)
        print(f"DataTable peer: {datatable:.2f} s" if datatable else "DataTable peer: timed out", flush=True)

    med_min, med_ours = statistics.median(minimal), statistics.median(ours)
    key_rows = [k for run in searches for k in run if k[1] is not None]
    key_med = statistics.median(k[1] for k in key_rows) if key_rows else None
    key_max = max(k[1] for k in key_rows) if key_rows else None
    exact_rows = [k for k in key_rows if k[2] is not None]
    exact_med = statistics.median(k[2] for k in exact_rows) if exact_rows else None

    print()
    print(f"database: {db} ({code} first), terminal {WIDTH}x{HEIGHT}, median of {args.repeat}")
    print(f"minimal Textual app, first screen     {med_min:7.3f} s")
    print(f"massnahmen, table filled              {med_ours:7.3f} s   ratio {med_ours / med_min:5.2f} × minimal "
          f"(target ≤ 3)")
    if datatable:
        print(f"Textual DataTable, same rows          {datatable:7.3f} s   ratio {med_ours / datatable:5.3f} × DataTable "
              f"(target ≤ 0.07)")
    if key_med is not None:
        print(f"search keystroke → rows shown         {key_med * 1000:7.0f} ms median, {key_max * 1000:.0f} ms worst "
              f"(target ≤ 100 ms; includes a 5 ms debounce and capture-pane polling)")
    if exact_med is not None:
        print(f"search keystroke → exact count shown  {exact_med * 1000:7.0f} ms median")
    print(f"peak memory massnahmen (VmHWM)        {peak:7.1f} MiB  (target ≤ 150 MiB)")
    print("\nkeystrokes of the last run:")
    for ch, rows, exact, line in searches[-1]:
        print(f"  {ch!r}: rows {rows and rows * 1000:.0f} ms, exact count {exact and exact * 1000:.0f} ms  | {line.strip()[:70]}")


if __name__ == "__main__":
    main()
