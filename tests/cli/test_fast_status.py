"""`massnahmen status` takes a fast path without Typer; it must behave exactly like the Typer command."""

import subprocess
import sys

import pytest

from massnahmen.cli import fast_status_args


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
