"""The README's command-line examples run verbatim, each on its own fresh copy of sample.db.

Every example runs in-process through the console script's `main` (as it does for the user) in a
directory of its own, so the examples do not depend on each other or
on their order. An example that uses what an earlier example of its section makes – the file an
`-o` wrote, the measure an `add --code` created, the contact a `contacts add` created – runs after
that earlier example, in the same directory. One test runs the module for real in a subprocess.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
# Sections whose examples are run; the quick start and the development notes install or rebuild things.
SKIP_SECTIONS = ("Schnellstart", "Welche Datei?", "Entwicklung")
ENV = {"MASSNAHMEN_DB": "uebung.db", "MASSNAHMEN_USER": "readme", "MASSNAHMEN_TODAY": "2026-11-21"}


@dataclass
class Example:
    section: str
    command: str
    needs: list[Example] = field(default_factory=list)

    @property
    def args(self) -> list[str]:
        return shlex.split(self.command)[1:]

    @property
    def opens_the_tui(self) -> bool:
        args = self.args
        return not args or args[0].startswith("--db") and len(args) <= 2

    def files(self) -> set[str]:
        """The files this example writes with -o."""
        args = self.args
        return {args[i + 1] for i, arg in enumerate(args[:-1]) if arg in ("-o", "--output")}

    def products(self) -> set[str]:
        """What this example makes that a later one may name: output files, codes, contact names."""
        args, made = self.args, self.files()
        if args[:1] == ["add"] and "--code" in args[:-1]:
            made.add(args[args.index("--code") + 1])
        if args[:2] == ["contacts", "add"] and len(args) > 2:
            made.add(args[2])
        if args[:2] == ["request", "create"]:  # one workbook per contact, named after the request
            made.add("Sachstandsabfrage-*")
        return made

    def chain(self) -> list[Example]:
        """The examples to run first (and their own prerequisites), then this one."""
        steps: list[Example] = []
        for need in self.needs:
            steps += [step for step in need.chain() if step not in steps]
        return [*steps, self]


def _examples() -> list[Example]:
    """Every `massnahmen …` line in the README's bash blocks, with what it needs from earlier lines."""
    text = README.read_text(encoding="utf-8")
    found: list[Example] = []
    section = ""
    in_block = False
    pending = ""
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        if line.startswith("```"):
            in_block = line.strip() in ("```bash", "```sh") and not in_block
            continue
        if not in_block or section in SKIP_SECTIONS:
            continue
        command = (pending + " " + line.strip()) if pending else line.strip()
        if command.endswith("\\"):
            pending = command[:-1].strip()
            continue
        pending = ""
        command = re.sub(r"\s+#.*$", "", command).strip()
        if command.startswith("massnahmen "):
            found.append(Example(section, command))
    for i, example in enumerate(found):
        args = example.args
        for earlier in found[:i]:
            if earlier.section == example.section and any(
                    fnmatch.fnmatchcase(arg, made) for made in earlier.products() for arg in args[1:]):
                example.needs.append(earlier)
    return found


EXAMPLES = _examples()


def test_readme_has_examples():
    assert len(EXAMPLES) >= 10
    assert sum(not e.opens_the_tui for e in EXAMPLES) >= 10


def test_examples_that_build_on_others_know_it():
    """The dependency detection finds what the README's sections rely on (so none of these runs alone
    and fails, or – worse – passes on something left over)."""
    needs = {e.command: [n.command for n in e.needs] for e in EXAMPLES}
    edits = [c for c in needs if re.match(r"massnahmen (edit|review|archive) 9\.9\.1\b", c)]
    imports = [c for c in needs if c.startswith("massnahmen import ")]
    assert edits and imports
    for command in edits:
        assert [n.split()[1] for n in needs[command]] == ["add"], command
    for command in imports:
        assert needs[command] and all(" export " in f" {n} " or " request create " in f" {n} "
                                      for n in needs[command]), command


def _run(args: list[str]) -> tuple[int, str, str]:
    """The console script's main() with argv = massnahmen ARGS, its exit code, stdout and stderr."""
    from massnahmen.cli import main

    runner = CliRunner()
    with runner.isolation() as streams:
        argv = sys.argv
        sys.argv = ["massnahmen", *args]
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            sys.argv = argv
            sys.stdout.flush()
            sys.stderr.flush()
        out, err = streams[0].getvalue(), streams[1].getvalue()
    return code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


@pytest.fixture
def uebung(tmp_path, monkeypatch):
    """A directory of its own with a fresh copy of sample.db as uebung.db, set as the README does."""
    shutil.copyfile(ROOT / "sample.db", tmp_path / "uebung.db")
    monkeypatch.chdir(tmp_path)
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    return tmp_path


@pytest.mark.parametrize("example", [e for e in EXAMPLES if not e.opens_the_tui],
                         ids=[e.command for e in EXAMPLES if not e.opens_the_tui])
def test_readme_example_runs(uebung, example):
    for step in example.chain():
        code, out, err = _run(step.args)
        assert code == 0, f"{step.command}\n{out}\n{err}"
        assert (out + err).strip(), f"{step.command} said nothing"
        for name in step.files():
            assert (uebung / name).is_file() or (step.args[:2] == ["request", "create"] and (uebung / name).is_dir()), \
                f"{step.command} did not write {name}"


def test_the_module_runs_for_real(tmp_path):
    """One example through `python -m massnahmen` in its own process, as a user types it."""
    example = next(e for e in EXAMPLES if e.args[:1] == ["list"])
    shutil.copyfile(ROOT / "sample.db", tmp_path / "uebung.db")
    env = dict(os.environ, **ENV)
    result = subprocess.run([sys.executable, "-m", "massnahmen", *example.args], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, f"{example.command}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    assert result.stdout.strip()
