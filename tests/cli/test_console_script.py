"""The console script as a process: every call goes through the one Typer app (no separate paths),
with the German messages and exit codes, never a traceback."""

import subprocess
import sys

import pytest


def _run(*args):
    return subprocess.run([sys.executable, "-c", "from massnahmen.cli import main; main()", *args],
                          capture_output=True, text=True)


@pytest.mark.parametrize("fmt", ["table", "json", "md"])
def test_status_prints_what_the_app_prints(demo_db, cli, fmt):
    process = _run("--db", str(demo_db), "status", "--format", fmt, "--today", "2026-11-21")
    in_process = cli(demo_db, "status", "--format", fmt, "--today", "2026-11-21")
    assert process.returncode == in_process.exit_code == 0
    assert process.stdout == in_process.stdout and len(process.stdout.splitlines()) > 10


@pytest.mark.parametrize("args,code,message", [
    (["--db", "fehlt.db", "status"], 1, "gibt es nicht"),
    (["status", "--format", "xml"], 2, "--format „xml“ ist unbekannt"),
    (["status", "--today", "31.02.2026"], 2, "„31.02.2026“ ist kein gültiges Datum"),
])
def test_errors_are_german_with_their_exit_code(demo_db, tmp_path, args, code, message):
    if "--db" not in args:
        args = ["--db", str(demo_db), *args]
    else:
        args = ["--db", str(tmp_path / "fehlt.db"), *args[2:]]
    process = _run(*args)
    assert process.returncode == code
    assert message in process.stderr and process.stderr.startswith("Fehler: ")
    assert "Traceback" not in process.stderr


@pytest.mark.parametrize("content", [None, b"kein sqlite"])
def test_the_tui_start_refuses_a_bad_file(tmp_path, content):
    """Missing or not a database: the German message and exit code 1, before any screen, nothing written."""
    path = tmp_path / "x.db"
    if content is not None:
        path.write_bytes(content)
    process = _run("--db", str(path))
    assert process.returncode == 1
    assert process.stderr.startswith("Fehler: ") and "Traceback" not in process.stderr
    assert (path.read_bytes() if content is not None else path.exists()) == (content if content is not None else False)


def test_status_builds_only_its_own_command():
    """One mechanism for every command: `status` imports the module of its command, not the others."""
    code = ("import sys\nfrom massnahmen.cli.base import app, build_command\nbuild_command('status')\n"
            "print(sorted(m for m in sys.modules if m.startswith('massnahmen.cli.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = set(eval(out))
    assert "massnahmen.cli.reports" in loaded
    assert not loaded & {"massnahmen.cli.measures", "massnahmen.cli.ideas", "massnahmen.cli.io"}
