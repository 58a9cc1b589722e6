"""A working day's keys in a real terminal (tmux), timed from the key to its visible effect, with
the minimal Textual app of benchmarks/tui_startup as the peer in the same run.

    python benchmarks/tui_flows/run.py [--measures 100000] [--db FILE] [--repeat 3] [--size 120x40]

1. start in the overview until its table shows, then `2` until the Maßnahmen table shows its first
   row (target: ≤ 3 × the minimal app's start);
2. `↓` until the detail pane shows the next measure (≤ 100 ms);
3. `e` until the edit form shows the measure (≤ 150 ms), Esc until the table is back, `e` on
   another measure (the form is kept: only its values are loaded), `n` until the form for a new
   measure shows; the form is built ahead once no key came for a second, and the first `e` is also
   timed before that (`e` straight after `2`);
4. a search that leaves about a thousand measures, `*` until all are marked, then `b`, „+2“
   Wochen for the Wiedervorlage and Strg+S until „… geändert“ shows (≤ 2 s);
5. `3` until the contacts screen shows, the first time;
6. peak memory of the process (≤ 150 MiB).

The minimal app's keys are timed too: in a terminal Esc arrives as the byte that also starts every
escape sequence, and Textual reports it only after waiting 100 ms for a following byte. Esc cannot
be quicker than that in any Textual app; the minimal app shows the floor.

Times include tmux's capture-pane polling (a few ms), as a person sees them."""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tui_startup.run import (  # noqa: E402  (the shared tmux helpers of the start-up benchmark)
    TODAY, capture, measure_minimal, pane_pid, peak_mib, row_visible, stop, tmux, wait_for,
)

SESSION = "bench-flow"

MINIMAL_KEYS_APP = textwrap.dedent('''
    from textual.app import App
    from textual.widgets import Static

    class Keys(App):
        BINDINGS = [("x", "count('x')"), ("escape", "count('esc')")]
        presses = 0

        def compose(self):
            yield Static("BEREIT", id="out")

        def action_count(self, key):
            self.presses += 1
            self.query_one("#out").update(f"{key}-{self.presses}")

    Keys().run()
''')


def keys(*names: str, literal: bool = False) -> float:
    t0 = time.perf_counter()
    tmux("send-keys", "-t", SESSION, *(["-l"] if literal else []), *names)
    return t0


def until(predicate, timeout: float = 30) -> float | None:
    return wait_for(SESSION, predicate, timeout)


def visible(text: str):
    return lambda screen: text in screen


def minimal_keys(py: str, workdir: Path, size: tuple[int, int], rounds: int = 3) -> dict:
    """The minimal app's latency for a plain key (x) and for Esc, median of `rounds` presses."""
    script = workdir / "minimal_keys.py"
    script.write_text(MINIMAL_KEYS_APP, encoding="utf-8")
    tmux("kill-session", "-t", SESSION, check=False)
    tmux("new-session", "-d", "-s", SESSION, "-x", str(size[0]), "-y", str(size[1]), f"exec {py} {script}")
    until(visible("BEREIT"), 30)
    times: dict[str, list[float]] = {"x": [], "esc": []}
    presses = 0
    for _ in range(rounds):
        for key, name in (("x", "x"), ("Escape", "esc")):
            time.sleep(0.3)
            presses += 1
            k = keys(key)
            times[name].append(until(visible(f"{name}-{presses}"), 5) - k)
    stop(SESSION)
    return {name: statistics.median(values) for name, values in times.items()}


def first_rows(db: Path, n: int) -> list[tuple[str, str, int]]:
    """(code, title, how many measures) of the first n rows of the table."""
    conn = sqlite3.connect(db)
    try:
        total = conn.execute("SELECT count(*) FROM measures WHERE archived = 0").fetchone()[0]
        return [(code, title, total) for code, title in conn.execute(
            "SELECT code, title FROM measures WHERE archived = 0 ORDER BY code_sort LIMIT ?", (n,))]
    finally:
        conn.close()


def search_for_about(db: Path, wanted: int) -> tuple[str, int]:
    """A code prefix („3.2.“) whose search leaves about `wanted` measures."""
    conn = sqlite3.connect(db)
    try:
        best = None
        for (prefix,) in conn.execute("SELECT DISTINCT substr(code, 1, instr(substr(code, 3), '.') + 2) "
                                      "FROM measures WHERE archived = 0"):
            n = conn.execute("SELECT count(*) FROM measures WHERE archived = 0 AND instr(search, ?) > 0",
                             (prefix,)).fetchone()[0]
            if best is None or abs(n - wanted) < abs(best[1] - wanted):
                best = (prefix, n)
        return best
    finally:
        conn.close()


def cold_edit(py: str, db: Path, size: tuple[int, int]) -> float:
    """`e` straight after the table shows, before the form could be built ahead."""
    (first, _, _), = first_rows(db, 1)
    env = f"MASSNAHMEN_TODAY={TODAY} MASSNAHMEN_USER=bench MASSNAHMEN_TUI_START=measures"
    tmux("kill-session", "-t", SESSION, check=False)
    tmux("new-session", "-d", "-s", SESSION, "-x", str(size[0]), "-y", str(size[1]),
         f"exec env {env} {py} -m massnahmen --db {db}")
    until(row_visible(first), 60)
    time.sleep(0.2)
    k = keys("e")
    took = until(visible(f"Maßnahme {first} bearbeiten")) - k
    stop(SESSION)
    return took


def one_run(py: str, db: Path, size: tuple[int, int], word: str) -> dict:
    (first, _, _), (second, second_title, _) = first_rows(db, 2)
    detail_head = f"{second}  {second_title[:20]}"  # the detail pane's first line (the table pads the code)
    env = f"MASSNAHMEN_TODAY={TODAY} MASSNAHMEN_USER=bench"
    out: dict = {}
    t0 = time.perf_counter()
    tmux("kill-session", "-t", SESSION, check=False)
    tmux("new-session", "-d", "-s", SESSION, "-x", str(size[0]), "-y", str(size[1]),
         f"exec env {env} {py} -m massnahmen --db {db}")
    t1 = until(visible("Status je Handlungsfeld"), 60)
    out["overview"] = t1 - t0
    time.sleep(0.5)
    k = keys("2")
    out["to_table"] = until(row_visible(first)) - k
    out["start_to_table"] = out["overview"] + out["to_table"]
    time.sleep(0.5)
    k = keys("Down")
    out["down"] = until(visible(detail_head)) - k
    time.sleep(1.5)  # no key for a second: the form is built ahead
    k = keys("e")
    out["edit"] = until(visible(f"Maßnahme {second} bearbeiten")) - k
    time.sleep(0.3)
    k = keys("Escape")
    out["edit_close"] = until(lambda s: f"Maßnahme {second} bearbeiten" not in s) - k
    time.sleep(0.3)
    k = keys("n")
    out["new"] = until(visible("Neue Maßnahme")) - k
    time.sleep(0.3)
    keys("Escape")
    time.sleep(0.3)
    time.sleep(0.3)
    keys("Up")
    time.sleep(0.3)
    k = keys("e")  # the form is kept: the second time only the values are loaded
    out["edit_again"] = until(visible(f"Maßnahme {first} bearbeiten")) - k
    time.sleep(0.3)
    keys("Escape")
    time.sleep(0.3)
    keys("/")
    time.sleep(0.2)
    keys(word, literal=True)
    until(lambda s: f"Suche „{word}“" in s and "lädt" not in s and "+ Maßnahmen" not in s)
    keys("Enter")
    time.sleep(0.5)
    k = keys("*")
    out["mark_all"] = until(visible(" markiert")) - k
    line = next((ln for ln in capture(SESSION).splitlines() if " markiert" in ln), "")
    out["marked"] = int(line.split(" markiert")[0].split("·")[-1].strip().replace(".", "") or 0)
    time.sleep(0.3)
    keys("b")
    until(visible("auf einmal ändern"))
    time.sleep(0.3)
    keys("Tab", "Tab")
    keys("+2", literal=True)
    until(lambda s: any("Wiedervorlage" in ln and "+2" in ln for ln in s.splitlines()), 5)
    time.sleep(0.2)
    k = keys("C-s")
    done = until(visible("Maßnahmen geändert"), 60)  # the toast, not the detail pane
    if done is None:
        print("bulk change not seen; the screen:\n" + capture(SESSION), file=sys.stderr)
    out["bulk"] = (done - k) if done is not None else float("nan")
    time.sleep(1.5)
    k = keys("3")  # the contacts screen, shown for the first time
    out["contacts"] = until(lambda s: "Organisation" in s and "Zuständig für" in s) - k
    out["peak_mib"] = peak_mib(pane_pid(SESSION))
    keys("q")
    time.sleep(0.3)
    stop(SESSION)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="an existing demo database (it is copied, never changed)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--size", default="120x40", help="terminal columns x rows")
    args = parser.parse_args()
    size = tuple(int(x) for x in args.size.split("x"))
    py = sys.executable
    workdir = Path(tempfile.mkdtemp(prefix="tui-flows-"))
    template = args.db
    if template is None:
        template = workdir / "template.db"
        print(f"building {args.measures} demo measures …", flush=True)
        subprocess.run([py, "-m", "massnahmen", "demo", str(template), "--measures", str(args.measures),
                        "--today", TODAY], check=True, env=os.environ | {"MASSNAHMEN_TODAY": TODAY})
    word, n = search_for_about(template, 1000)
    measures = first_rows(template, 1)[0][2]
    print(f"search „{word}“ leaves {n} measures", flush=True)

    runs, minimal = [], []
    for i in range(args.repeat):
        db = workdir / f"run{i}.db"
        db.write_bytes(template.read_bytes())  # every run changes its own copy
        os.sync()  # written out before the timing starts: not the copy's 250 MB competing with the start
        minimal.append(measure_minimal(py, workdir))
        runs.append(one_run(py, db.resolve(), size, word))
        runs[-1]["edit_cold"] = cold_edit(py, db.resolve(), size)
        runs[-1].update({f"minimal_{k}": v for k, v in minimal_keys(py, workdir, size).items()})
        print(f"run {i + 1}: " + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                                          for k, v in runs[-1].items()), flush=True)

    def med(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    m = statistics.median(minimal)
    print()
    print(f"terminal {size[0]}x{size[1]}, {measures} measures, median of {args.repeat} runs")
    print(f"minimal Textual app, first screen      {m:7.3f} s")
    print(f"start → overview → 2 → table filled    {med('start_to_table'):7.3f} s   ratio "
          f"{med('start_to_table') / m:5.2f} × minimal (target ≤ 3)")
    print(f"  of which 2 → table                   {med('to_table') * 1000:7.0f} ms")
    print(f"↓ → detail of the next measure         {med('down') * 1000:7.0f} ms   (target ≤ 100 ms)")
    print(f"e → edit form shown (built ahead)      {med('edit') * 1000:7.0f} ms   (target ≤ 150 ms)")
    print(f"  e again (the form is kept)           {med('edit_again') * 1000:7.0f} ms   (target ≤ 150 ms)")
    print(f"  e straight after the table shows     {med('edit_cold') * 1000:7.0f} ms   (the form is built on the key)")
    print(f"n → form for a new measure             {med('new') * 1000:7.0f} ms   (target ≤ 100 ms)")
    print(f"Esc → form closed                      {med('edit_close') * 1000:7.0f} ms   (target ≤ 100 ms)")
    print(f"  minimal app: x → shown               {med('minimal_x') * 1000:7.0f} ms")
    print(f"  minimal app: Esc → shown             {med('minimal_esc') * 1000:7.0f} ms   (Textual waits 100 ms for "
          f"a byte after Esc)")
    print(f"  Esc, less the minimal app's Esc      {(med('edit_close') - med('minimal_esc')) * 1000:7.0f} ms")
    print(f"* → {int(med('marked')):5d} measures marked           {med('mark_all') * 1000:7.0f} ms")
    print(f"bulk change of the marked (+2 Wochen)  {med('bulk'):7.3f} s   (target ≤ 2 s for 1 000)")
    print(f"3 → contacts, the first time           {med('contacts') * 1000:7.0f} ms   (target ≤ 100 ms)")
    print(f"peak memory (VmHWM)                    {max(r['peak_mib'] or 0 for r in runs):7.1f} MiB (target ≤ 150)")


if __name__ == "__main__":
    main()
