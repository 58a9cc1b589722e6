"""A FIFO, a device or a socket is never opened to look at it: opening a FIFO waits for a writer
forever. Every writer refuses such a target with a German message, and a FIFO beside the target
(the base of a name ending in -wal) is not opened to check whether it is a database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXED_TODAY, file_digest

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")

WRITERS = {
    "export-csv": lambda t: ["export", "-o", t],
    "export-json": lambda t: ["export", "--format", "json", "-o", t],
    "report-md": lambda t: ["report", "--format", "md", "-o", t],
    "backup": lambda t: ["backup", t],
}


def _run(db: Path, *args, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "MASSNAHMEN_TODAY": FIXED_TODAY, "MASSNAHMEN_USER": "tester",
           "MASSNAHMEN_BUSY_TIMEOUT": "0.3"}
    env.pop("MASSNAHMEN_DB", None)
    # the timeout is a guard against a hang only: a normal run takes about a second
    return subprocess.run([sys.executable, "-m", "massnahmen", "--db", str(db), *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=timeout)


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_fifo_beside_a_wal_name_is_not_opened(small_db, tmp_path, writer):
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    target = tmp_path / "p-wal"
    before = file_digest(small_db)
    result = _run(small_db, *WRITERS[writer](target))
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert target.is_file()  # p is no database: p-wal is an ordinary name
    assert file_digest(small_db) == before


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_fifo_as_target_is_refused(small_db, tmp_path, writer):
    fifo = tmp_path / "ziel"
    os.mkfifo(fifo)
    result = _run(small_db, *WRITERS[writer](fifo))
    assert "Traceback" not in result.stderr
    assert result.returncode in (1, 2), result.stderr
    assert "keine gewöhnliche Datei" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["konzept.db", "ziel"]


def test_a_fifo_is_not_imported_and_not_opened_as_database(small_db, tmp_path):
    fifo = tmp_path / "liste.csv"
    os.mkfifo(fifo)
    before = file_digest(small_db)
    for args in (["import", fifo], ["import", "--dry-run", fifo]):
        result = _run(small_db, *args)
        assert "Traceback" not in result.stderr
        assert result.returncode == 2, result.stderr
        assert "keine gewöhnliche Datei" in result.stderr
    assert file_digest(small_db) == before
    result = _run(fifo, "list")
    assert result.returncode == 1, result.stderr
    assert "keine gewöhnliche Datei" in result.stderr
