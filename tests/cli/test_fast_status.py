"""`massnahmen status` and the TUI's start take a fast path without Typer; they must behave exactly
like the Typer command."""

import subprocess
import sys

import pytest

from massnahmen.cli import fast_status_args, fast_tui_args


@pytest.mark.parametrize("argv,expected", [
    (["status"], {"db": None, "user": None, "fmt": "table", "today": None}),
    (["--db", "x.db", "status", "--format=json"], {"db": "x.db", "user": None, "fmt": "json", "today": None}),
    (["--db=x.db", "--user", "anna", "status", "--today", "2026-11-21", "--format", "md"],
     {"db": "x.db", "user": "anna", "fmt": "md", "today": "2026-11-21"}),
])
def test_plain_status_calls_take_the_fast_path(argv, expected):
    assert fast_status_args(argv) == expected


@pytest.mark.parametrize("argv", [
    ["status", "--help"], ["status", "--format"], ["status", "--bogus"], ["list", "--search", "status"],
    ["--db", "x.db", "--db", "y.db", "status"], ["status", "extra"], ["status", "-h"],
])
def test_everything_else_goes_to_typer(argv):
    assert fast_status_args(argv) is None


def _run(*args, env=None):
    return subprocess.run([sys.executable, "-c", "from massnahmen.cli import main; main()", *args],
                          capture_output=True, text=True, env=env)


@pytest.mark.parametrize("fmt", ["table", "json", "md"])
def test_fast_path_prints_what_the_typer_command_prints(demo_db, cli, fmt):
    fast = _run("--db", str(demo_db), "status", "--format", fmt, "--today", "2026-11-21")
    typer_result = cli(demo_db, "status", "--format", fmt, "--today", "2026-11-21")
    assert fast.returncode == typer_result.exit_code == 0
    assert fast.stdout == typer_result.stdout


@pytest.mark.parametrize("args,code,message", [
    (["--db", "fehlt.db", "status"], 1, "gibt es nicht"),
    (["status", "--format", "xml"], 2, "--format „xml“ ist unbekannt"),
    (["status", "--today", "31.02.2026"], 2, "„31.02.2026“ ist kein gültiges Datum"),
])
def test_fast_path_errors_match(demo_db, tmp_path, cli, args, code, message):
    if "--db" not in args:
        args = ["--db", str(demo_db), *args]
    else:
        args = ["--db", str(tmp_path / "fehlt.db"), *args[2:]]
    fast = _run(*args)
    typer_result = cli(None, *args)
    assert fast.returncode == typer_result.exit_code == code
    assert message in fast.stderr and fast.stderr == typer_result.stderr
    assert "Traceback" not in fast.stderr


@pytest.mark.parametrize("argv,expected", [
    ([], {"db": None, "user": None}),
    (["--db", "x.db"], {"db": "x.db", "user": None}),
    (["--user=anna", "--db=x.db"], {"db": "x.db", "user": "anna"}),
])
def test_a_plain_tui_start_takes_the_fast_path(argv, expected):
    assert fast_tui_args(argv) == expected


@pytest.mark.parametrize("argv", [
    ["--help"], ["--version"], ["--db"], ["--db", "x.db", "--db", "y.db"], ["list"], ["--db", "x.db", "init"],
    ["-h"], ["--bogus"],
])
def test_anything_but_a_plain_tui_start_goes_to_typer(argv):
    assert fast_tui_args(argv) is None


@pytest.mark.parametrize("content", [None, b"kein sqlite"])
def test_the_tui_start_refuses_a_bad_file_as_typer_did(tmp_path, cli, content):
    """Missing or not a database: the German message and exit code 1, before any screen, nothing written."""
    path = tmp_path / "x.db"
    if content is not None:
        path.write_bytes(content)
    fast = _run("--db", str(path))
    typer_result = cli(path)  # the Typer app's root callback, as before the fast path
    assert fast.returncode == typer_result.exit_code == 1
    assert fast.stderr.startswith("Fehler: ") and fast.stderr == typer_result.stderr
    assert (path.read_bytes() if content is not None else path.exists()) == (content if content is not None else False)
