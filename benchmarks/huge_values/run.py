"""Values that could make the work grow with the square of their size, timed (the tests check only
what comes out: tests/cli/test_values_at_the_edges.py):

- `one_line` on a 10 MB cell (the 2-million-word title),
- the rich measure table in a terminal with that title in it,
- `import --dry-run` of 500 and of 2 000 rows that each bring a new Handlungsfeld, Ziel and
  Ansprechperson: four times the rows should take about four times as long, not sixteen.

    python benchmarks/huge_values/run.py [--workdir benchmarks/out/huge_values]

Targets: one_line < 0.5 s; the table < 5 s; 2 000 rows < 8 × 500 rows + 1 s."""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sqlite3
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the shared benchmarks/measure.py
from measure import measure  # noqa: E402

TODAY = "2026-11-21"
HUGE = "Lang " * 2_000_000


def cli_command() -> list[str]:
    exe = Path(sys.executable).with_name("massnahmen")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "massnahmen"]


def one_line_seconds() -> float:
    from massnahmen.domain.text import one_line

    started = time.perf_counter()
    one_line(HUGE)
    return time.perf_counter() - started


def new_concept(path: Path) -> None:
    from massnahmen.store import catalog
    from massnahmen.store.db import Store
    from massnahmen.store.measures import add_measure

    with Store.create(path, name="Benchmark", body="Kreistag") as store:
        catalog.add_field(store, "1", "Bildung und Sprache")
        add_measure(store, {"code": "1.1.1", "title": "Sprachcafé", "field": "1"})


def table_seconds(workdir: Path) -> float:
    from massnahmen.cli import output
    from massnahmen.cli.measures import print_measure_table
    from massnahmen.store.db import Store
    from massnahmen.store.measures import query_measures

    db = workdir / "zelle.db"
    new_concept(db)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE measures SET title = ? WHERE code = '1.1.1'", (HUGE,))
    conn.commit()
    conn.close()
    output.stdout_is_terminal = lambda: True
    os.environ["COLUMNS"] = "160"
    with Store.open(db) as store:
        rows = query_measures(store)
    started = time.perf_counter()
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        print_measure_table(rows)
    return time.perf_counter() - started


def import_seconds(workdir: Path, n: int, env: dict) -> float:
    db = workdir / f"leer{n}.db"
    new_concept(db)
    source = workdir / f"neu{n}.csv"
    source.write_text("Nr;Maßnahme;Handlungsfeld;Ziel;Zuständig\n" + "".join(
        f"N{i}.1;Titel {i};Neues Feld {i};Ziel {i};Person {i}, Org {i}\n" for i in range(n)), encoding="utf-8")
    return measure([*cli_command(), "--db", str(db), "import", str(source), "--dry-run", "--format", "json"],
                   env).wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=Path("benchmarks/out/huge_values"))
    args = parser.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    env = {**os.environ, "MASSNAHMEN_TODAY": TODAY, "MASSNAHMEN_USER": "benchmark"}
    os.environ.update(MASSNAHMEN_TODAY=TODAY, MASSNAHMEN_USER="benchmark")
    line = one_line_seconds()
    table = table_seconds(args.workdir)
    small, large = import_seconds(args.workdir, 500, env), import_seconds(args.workdir, 2000, env)
    rows = [("one_line, 10-MB-Zelle", f"{line:.3f} s", "< 0.5 s", line < 0.5),
            ("Tabelle im Terminal, 10-MB-Titel", f"{table:.3f} s", "< 5 s", table < 5),
            ("Import 500 / 2 000 neue Felder", f"{small:.2f} s / {large:.2f} s",
             f"< {8 * small + 1:.2f} s", large < 8 * small + 1)]
    for label, took, target, ok in rows:
        print(f"{label:<34} {took:>18}  Ziel {target:<10} {'ok' if ok else 'VERFEHLT'}")
    if not all(ok for *_, ok in rows):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
