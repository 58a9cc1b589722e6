"""Leftovers: temporary files of ours that a killed writer left (older than a few minutes and not
held by a running writer) are removed by the next writer in that folder; a copy of a database in
WAL mode leaves no -wal/-shm file; a full disk at the backup target names the target."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import FIXED_TODAY, file_digest

fcntl = pytest.importorskip("fcntl")  # the held file and the kills are POSIX

OLD = time.time() - 3600


def _old(path: Path, text: str = "x") -> Path:
    path.write_text(text, encoding="utf-8")
    os.utime(path, (OLD, OLD))
    return path


@pytest.mark.parametrize("writer", ["export", "backup", "report"])
def test_stale_temporary_files_of_ours_are_removed_by_the_next_writer(cli, small_db, tmp_path, writer):
    folder = tmp_path / "aus"
    folder.mkdir()
    stale = [_old(folder / ".bericht.md.0123abcd.tmp"), _old(folder / ".uebung.db.89abcdef.tmp"),
             _old(folder / ".uebung.db.89abcdef.tmp-journal"), _old(folder / ".k-sicherung-1.db.00ff00ff.tmp")]
    fresh = folder / ".liste.csv.0badcafe.tmp"
    fresh.write_text("läuft noch", encoding="utf-8")
    held = _old(folder / ".gross.db.12345678.tmp")
    others = [_old(folder / "notizen.tmp"), _old(folder / ".versteckt.tmp"), _old(folder / ".a.b.XYZ12345.tmp"),
              _old(folder / "liste.csv.0123abcd.tmp")]
    with held.open("rb") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)  # a writer still at work on it
        args = {"export": ["export", "-o", folder / "liste.csv"], "backup": ["backup", folder / "kopie.db"],
                "report": ["report", "--format", "md", "-o", folder / "bericht.md"]}[writer]
        result = cli(small_db, *args)
        assert result.exit_code == 0, result.output
    assert not [p for p in stale if p.exists()]
    assert fresh.exists() and held.exists() and all(p.exists() for p in others)


KILL = r"""
import os, signal, sys
from massnahmen.store import backups
original = backups._copy
def copy(*args):
    os.kill(os.getpid(), signal.SIGKILL)
backups._copy = copy
sys.argv = ["massnahmen"] + sys.argv[1:]
from massnahmen.cli import main
main()
"""


def _env(**extra) -> dict:
    env = {**os.environ, "MASSNAHMEN_TODAY": FIXED_TODAY, "MASSNAHMEN_USER": "tester", **extra}
    env.pop("MASSNAHMEN_DB", None)
    return env


def test_a_killed_backup_leaves_a_temporary_file_the_next_writer_removes(cli, small_db, tmp_path):
    folder = tmp_path / "sich"
    folder.mkdir()
    proc = subprocess.run([sys.executable, "-c", KILL, "--db", str(small_db), "backup", str(folder / "a.db")],
                          env=_env(), capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL
    left = [p for p in folder.iterdir()]
    assert left and all(p.name.startswith(".a.db.") for p in left)
    assert cli(small_db, "backup", folder / "b.db").exit_code == 0
    assert all(p.exists() for p in left)  # young: perhaps still being written
    for path in left:
        os.utime(path, (OLD, OLD))
    assert cli(small_db, "backup", folder / "c.db").exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["b.db", "c.db"]


def test_a_killed_demo_leftover_is_removed_later(cli, small_db, tmp_path):
    target = tmp_path / "uebung.db"
    proc = subprocess.Popen([sys.executable, "-m", "massnahmen", "demo", str(target), "--measures", "3000"],
                            env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while proc.poll() is None and not list(tmp_path.glob(".uebung.db.*.tmp")):
        time.sleep(0.002)
    proc.kill()
    proc.wait(timeout=60)
    left = list(tmp_path.glob(".uebung.db.*.tmp*"))
    if not left:
        pytest.skip("the demo finished before it could be killed")
    for path in left:
        os.utime(path, (OLD, OLD))
    assert cli(small_db, "export", "-o", tmp_path / "liste.csv").exit_code == 0
    assert not list(tmp_path.glob(".uebung.db.*"))


def _wal(db: Path) -> None:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
    conn.close()


def test_copies_of_a_wal_database_leave_no_wal_files(cli, small_db, tmp_path):
    _wal(small_db)
    assert cli(small_db, "backup").exit_code == 0
    assert cli(small_db, "backup", tmp_path / "kopie.db").exit_code == 0
    source = tmp_path / "p.csv"
    source.write_text("Nr;Partner\n1.1.1;Neu\n", encoding="utf-8")
    result = cli(small_db, "import", source)
    assert result.exit_code == 0, result.output
    copies = [p for p in tmp_path.iterdir() if "sicherung" in p.name or p.name == "kopie.db"]
    assert len(copies) == 3, copies
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(("-wal", "-shm")) and not
                p.name.startswith(small_db.name)]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    for copy in copies:
        assert copy.read_bytes()[18] == 1  # a rollback journal, not WAL: opening it makes no -wal
        conn = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
        assert conn.execute("SELECT COUNT(*) FROM measures").fetchone()[0] == 3
        conn.close()
        assert not Path(str(copy) + "-wal").exists() and not Path(str(copy) + "-shm").exists()


class _FullDisk:
    """A source connection whose backup fails as SQLite does when the target's disk is full."""

    def __init__(self, conn):
        self.conn = conn

    def backup(self, target, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    def close(self):
        self.conn.close()


def test_a_full_disk_at_the_backup_target_names_the_target(cli, small_db, tmp_path, monkeypatch):
    from massnahmen.store import backups

    real = backups.open_readonly
    monkeypatch.setattr(backups, "open_readonly", lambda path, timeout=5.0: _FullDisk(real(path, timeout)))
    before = file_digest(small_db)
    target = tmp_path / "stick" / "kopie.db"
    target.parent.mkdir()
    result = cli(small_db, "backup", target)
    assert result.exit_code == 1, result.output
    assert f"Die Sicherungskopie „{target}“ ließ sich nicht schreiben (der Datenträger ist voll)" in result.stderr
    assert f"die Datenbank „{small_db}“ ist unverändert" in result.stderr
    assert file_digest(small_db) == before
    assert list(target.parent.iterdir()) == []


FILE_SIZE_LIMIT = r"""
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead
resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384))
sys.argv = ["massnahmen"] + sys.argv[1:]
from massnahmen.cli import main
main()
"""


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="no file size limit on this system")
def test_a_real_write_error_at_the_backup_target_names_the_target(demo_db, tmp_path):
    """The child may write at most 16 KB per file: the copy of the demo database fails while SQLite
    writes it (a disk that is full, for the copy's side)."""
    target = tmp_path / "ziel" / "kopie.db"
    target.parent.mkdir()
    before = file_digest(demo_db)
    proc = subprocess.run([sys.executable, "-c", FILE_SIZE_LIMIT, "--db", str(demo_db), "backup", str(target)],
                          env=_env(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"Die Sicherungskopie „{target}“ ließ sich nicht schreiben" in proc.stderr
    assert file_digest(demo_db) == before
    assert list(target.parent.iterdir()) == []
