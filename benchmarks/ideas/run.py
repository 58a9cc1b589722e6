"""Ideas import benchmark: a survey export of N ideas (free text up to a few thousand characters,
line breaks, emoji, markup- and formula-looking text, a third with contact data) imported into a
copy of sample.db, then the same file again (nothing new).

    python benchmarks/ideas/run.py [--ideas 5000] [--workdir benchmarks/out/ideas]

Target: the first import of 5 000 ideas in under 5 s (wall clock, including start-up)."""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET = 5.0
WORDS = ("Sprachkurs Kita Wohnung Bus Ehrenamt Sport Verein Beratung Arbeit Schule Nachbarschaft Fest "
         "Begegnung Übersetzung Behörde Termin Abend Eltern Jugend Quartier").split()
EXTRAS = ("\nZweite Zeile 🙂", " [bold]fett[/bold]", " <script>alert(1)</script>", "=SUM(A1:A9) ", " – „Zitat“")


def make_survey(path: Path, n: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, delimiter=";")
        out.writerow(["Antwort-ID", "submitdate", "Ihre Idee", "Themenbereich", "Name (freiwillig)",
                      "E-Mail (freiwillig)", "Einwilligung"])
        for i in range(n):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 500)))
            text += rng.choice(EXTRAS) if i % 3 == 0 else ""
            contact = i % 3 == 0
            out.writerow([i, f"2026-0{rng.randint(1, 9)}-{rng.randint(10, 28)} 12:{rng.randint(10, 59)}:00", text,
                          rng.choice(["Bildung und Sprache", "Wohnen", "", "Arbeit"]),
                          f"Person {i}" if contact else "", f"p{i}@example.org" if contact else "",
                          "Ja" if i % 6 == 0 else ""])


def run(args: list[str], cwd: Path) -> float:
    env = dict(os.environ, MASSNAHMEN_TODAY="2026-11-21", MASSNAHMEN_USER="benchmark")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "massnahmen", *args], cwd=cwd, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ideas", type=int, default=5000)
    parser.add_argument("--workdir", type=Path, default=ROOT / "benchmarks" / "out" / "ideas")
    options = parser.parse_args()
    work = options.workdir
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    make_survey(work / "umfrage.csv", options.ideas)
    shutil.copyfile(ROOT / "sample.db", work / "b.db")
    run(["--db", "b.db", "ideas", "list", "--format", "json"], work)  # warm-up: imports and file cache
    first = run(["--db", "b.db", "ideas", "import", "umfrage.csv", "--channel", "Online-Umfrage"], work)
    again = run(["--db", "b.db", "ideas", "import", "umfrage.csv", "--channel", "Online-Umfrage"], work)
    print(f"{options.ideas} ideas: first import {first:.2f} s, again {again:.2f} s (target < {TARGET} s)")
    return 0 if first < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
