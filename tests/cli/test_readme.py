"""The README's command-line examples run verbatim on a copy of sample.db."""

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
# Sections whose examples are run; the quick start and the development notes install or rebuild things.
SKIP_SECTIONS = ("Schnellstart", "Welche Datei?", "Entwicklung")


def _examples() -> list[tuple[str, str]]:
    """(section, command) for every `massnahmen …` line in the README's bash blocks."""
    text = README.read_text(encoding="utf-8")
    found = []
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
            found.append((section, command))
    return found


EXAMPLES = _examples()


def test_readme_has_examples():
    assert len(EXAMPLES) >= 10


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("readme")
    shutil.copyfile(ROOT / "sample.db", directory / "uebung.db")
    return directory


@pytest.mark.parametrize("section,command", EXAMPLES, ids=[c for _s, c in EXAMPLES])
def test_readme_example_runs(workdir, section, command):
    args = shlex.split(command)
    if len(args) == 1 or args[1].startswith("--db") and len(args) <= 3:
        pytest.skip("opens the TUI")
    env = dict(os.environ, MASSNAHMEN_DB=str(workdir / "uebung.db"), MASSNAHMEN_USER="readme",
               MASSNAHMEN_TODAY="2026-11-21")
    result = subprocess.run([sys.executable, "-m", "massnahmen", *args[1:]], cwd=workdir, env=env,
                            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
