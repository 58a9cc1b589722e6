"""Backups that are backups: one implementation (massnahmen/store/backups.py) for `backup`, the
import's safety copy and the copy before a migration; a copy carries its name only when it is
complete and checked; the rotation counts only complete copies; a killed run leaves nothing under
a backup name, and a killed `demo` does not block the next one."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.conftest import FIXED_TODAY, file_digest
from massnahmen.store import backups
from massnahmen.store.backups import complete_backups, looks_complete, verify_copy

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _valid(path: Path) -> bool:
    try:
        verify_copy(path)
    except Exception:
        return False
    return looks_complete(path)


def _partners(db: Path, code: str = "1.1.1") -> str | None:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT partners FROM measures WHERE code = ?", (code,)).fetchone()[0]
    finally:
        conn.close()


def _import_partner(cli, db: Path, folder: Path, value: str):
    source = folder / "partner.csv"
    source.write_text(f"Nr;Partner\n1.1.1;{value}\n", encoding="utf-8")
    return cli(db, "import", source)


# -- one implementation --------------------------------------------------------------------------
def test_backup_import_copy_and_migration_copy_share_one_implementation(cli, small_db, tmp_path, monkeypatch):
    calls = []
    real = backups.copy_database

    def counting(db, target, **kwargs):
        calls.append(Path(target).name)
        return real(db, target, **kwargs)

    monkeypatch.setattr(backups, "copy_database", counting)
    assert cli(small_db, "backup").exit_code == 0
    assert _import_partner(cli, small_db, tmp_path, "Neu").exit_code == 0
    old = tmp_path / "alt.db"
    shutil.copyfile(FIXTURES / "schema_v1.db", old)
    assert cli(old, "list").exit_code == 0
    assert [n.split("-sicherung")[0] + "-sicherung" + ("-import" if "import" in n else "") for n in calls] == \
        ["konzept-sicherung", "konzept-sicherung-import", "alt.schema1-sicherung"]
    import massnahmen.importing.service as service
    import massnahmen.store.db as db_module

    assert "sqlite3.connect" not in Path(service.__file__).read_text(encoding="utf-8")
    assert ".backup(" not in Path(db_module.__file__).read_text(encoding="utf-8")


# -- names and checks --------------------------------------------------------------------------------
class _FrozenClock(datetime):
    @classmethod
    def now(cls, tz=None):
        return datetime(2026, 11, 21, 9, 30, 0)


def test_two_backups_in_the_same_second_do_not_collide(cli, small_db, monkeypatch):
    monkeypatch.setattr(backups, "datetime", _FrozenClock)
    names = []
    for _ in range(3):
        result = cli(small_db, "backup")
        assert result.exit_code == 0, result.output
        names.append(result.output.split("Sicherung geschrieben: ")[1].strip())
    assert [Path(n).name for n in names] == ["konzept-sicherung-20261121-093000.db",
                                            "konzept-sicherung-20261121-093000-2.db",
                                            "konzept-sicherung-20261121-093000-3.db"]
    assert all(_valid(Path(n)) for n in names)


def test_a_copy_that_fails_its_check_gets_no_backup_name(cli, small_db, tmp_path, monkeypatch):
    from massnahmen.domain.errors import DatabaseProblem

    def broken(path):
        raise DatabaseProblem("Die Kopie ist beschädigt (Testfall).")

    monkeypatch.setattr(backups, "verify_copy", broken)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = cli(small_db, "backup")
    assert result.exit_code == 1
    assert "Die Sicherungskopie von „" in result.stderr and "ist unbrauchbar: Die Kopie ist beschädigt" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # neither a backup nor a temp file
    digest = file_digest(small_db)
    result = _import_partner(cli, small_db, tmp_path, "Neu")
    assert result.exit_code == 1 and "ist unbrauchbar" in result.stderr and "Traceback" not in result.output
    assert file_digest(small_db) == digest  # no copy, no import
    assert not list(tmp_path.glob("konzept-sicherung-*"))


def test_backup_to_an_existing_file(cli, small_db, tmp_path):
    other = tmp_path / "notiz.txt"
    other.write_text("Notiz", encoding="utf-8")
    result = cli(small_db, "backup", other)
    assert result.exit_code == 1 and "--force" in result.stderr and other.read_text(encoding="utf-8") == "Notiz"
    result = cli(small_db, "backup", other, "--force")
    assert result.exit_code == 0 and _valid(other)
    before = file_digest(other)
    result = cli(small_db, "backup", other, "--force")  # now a database: never replaced
    assert result.exit_code == 1 and "ist eine SQLite-Datenbank" in result.stderr
    assert file_digest(other) == before
    folder = tmp_path / "sicherungen"
    folder.mkdir()
    result = cli(small_db, "backup", folder)
    assert result.exit_code == 0
    assert [_valid(p) for p in folder.iterdir()] == [True]


def test_the_migration_copy_never_replaces_an_earlier_one(tmp_path):
    from massnahmen.store.db import Store

    old = tmp_path / "alt.db"
    shutil.copyfile(FIXTURES / "schema_v1.db", old)
    earlier = tmp_path / "alt.schema1-sicherung.db"
    earlier.write_bytes(b"eine fruehere Sicherung")
    Store.open(old).close()
    assert earlier.read_bytes() == b"eine fruehere Sicherung"
    second = tmp_path / "alt.schema1-sicherung-2.db"
    assert _valid(second)
    conn = sqlite3.connect(second)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()


def test_rotation_counts_only_complete_copies(cli, small_db, tmp_path):
    # an incomplete copy left by an older version, newer by its name than all that follow
    good = tmp_path / "vorlage.db"
    shutil.copyfile(small_db, good)
    broken = tmp_path / "konzept-sicherung-import-29991231-235959.db"
    broken.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    assert not looks_complete(broken)
    for n in range(5):
        result = _import_partner(cli, small_db, tmp_path, f"Partner {n}")
        assert result.exit_code == 0, result.output
    copies = complete_backups(small_db, "import-")
    assert len(copies) == 3 and all(_valid(p) for p in copies)
    assert [_partners(p) for p in copies] == ["Partner 1", "Partner 2", "Partner 3"]
    assert broken.exists()  # not counted, not deleted: it is not ours to judge


def test_rotation_removes_temporary_copies_of_killed_runs_after_an_hour(small_db, tmp_path):
    stale = tmp_path / ".konzept-sicherung-import-20260101-000000.db.0a1b2c3d.tmp"
    fresh = tmp_path / ".konzept-sicherung-20260101-000000.db.4e5f6a7b.tmp"
    for path in (stale, fresh):
        path.write_bytes(b"halb")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    backups.backup_before_import(small_db)
    assert not stale.exists() and fresh.exists()


# -- killed halfway ----------------------------------------------------------------------------------
pytestmark_kill = pytest.mark.skipif(sys.platform == "win32" or not hasattr(signal, "SIGKILL"),
                                     reason="SIGKILL is POSIX")


@pytest.fixture(scope="module")
def big_template(tmp_path_factory) -> Path:
    """A demo concept with ballast (≈ 13 MB), so that a copy takes a moment. (`demo --measures
    20000` would do as well but takes over ten seconds to build on a busy machine.)"""
    from massnahmen.demo import build_demo

    path = tmp_path_factory.mktemp("gross") / "vorlage.db"
    build_demo(path, measures=1000, today=date.fromisoformat(FIXED_TODAY))
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE ballast (b BLOB)")
    conn.executemany("INSERT INTO ballast VALUES (randomblob(65536))", [()] * 200)
    conn.commit()
    conn.close()
    return path


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2]) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _start(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "massnahmen", *map(str, args)], env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _kill_during_copy(proc: subprocess.Popen, folder: Path, globs: tuple[str, ...], delay: float) -> bool:
    """Wait until a copy is under way (a new file matching one of the globs: the temporary name,
    or the backup name itself should a copy ever be written there directly), then `delay` seconds
    more, then SIGKILL. True when the process was killed while it still ran."""
    before = {p for g in globs for p in folder.glob(g)}
    deadline = time.monotonic() + 20
    while (proc.poll() is None and not ({p for g in globs for p in folder.glob(g)} - before)
           and time.monotonic() < deadline):
        time.sleep(0.005)
    time.sleep(delay)
    alive = proc.poll() is None
    if alive:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=20)
    return alive


def _backup_files(folder: Path, stem: str) -> list[Path]:
    return sorted(folder.glob(f"{stem}-sicherung-*.db"))


COPY_GLOBS = (".k-sicherung-*.tmp", "k-sicherung-*.db")


@pytestmark_kill
def test_killed_backups_and_imports_leave_no_broken_copy(cli, big_template, tmp_path):
    db = tmp_path / "k.db"
    shutil.copyfile(big_template, db)
    rng = random.Random(20261121)
    killed_in_copy = 0
    for n in range(3):
        delay = 0.0 if n == 0 else rng.uniform(0.0, 0.4)
        if _kill_during_copy(_start("--db", db, "backup"), tmp_path, COPY_GLOBS, delay):
            killed_in_copy += 1
        source = tmp_path / f"p{n}.csv"
        source.write_text(f"Nr;Partner\n1.1.1;Getötet {n}\n", encoding="utf-8")
        delay = 0.0 if n == 0 else rng.uniform(0.0, 0.6)
        if _kill_during_copy(_start("--db", db, "import", source), tmp_path, COPY_GLOBS, delay):
            killed_in_copy += 1
        for path in _backup_files(tmp_path, "k"):
            assert _valid(path), f"{path.name} carries a backup name but is no complete copy"
    assert killed_in_copy >= 2  # the kills did hit running copies
    assert list(tmp_path.glob(".k-sicherung-*.tmp"))  # what they left behind is only temporary
    # the database itself survived every kill
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    # the rotation then keeps exactly the three newest good import copies
    for n in range(4):
        result = _import_partner(cli, db, tmp_path, f"Danach {n}")
        assert result.exit_code == 0, result.output
    copies = complete_backups(db, "import-")
    assert len(copies) == 3 and all(_valid(p) for p in copies)
    assert [_partners(p) for p in copies] == ["Danach 0", "Danach 1", "Danach 2"]
    assert _partners(db) == "Danach 3"
    for path in _backup_files(tmp_path, "k"):
        assert _valid(path)


@pytestmark_kill
def test_a_killed_demo_does_not_block_the_next(tmp_path):
    from massnahmen.demo import build_demo

    target = tmp_path / "uebung.db"
    proc = subprocess.Popen([sys.executable, "-m", "massnahmen", "demo", str(target), "--measures", "4000"],
                            env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert _kill_during_copy(proc, tmp_path, (".uebung.db.*.tmp", "uebung.db"), 0.1)
    assert not target.exists()
    assert list(tmp_path.glob(".uebung.db.*.tmp*"))
    build_demo(target, measures=30, today=date.fromisoformat(FIXED_TODAY))
    assert _valid(target)


def test_a_name_freed_by_the_rotation_is_not_taken_again(small_db):
    """Five copies within one second, rotated to three after each: the newest copy always sorts
    last (a freed „…-HHMMSS.db“ taken again would sort first and be deleted next)."""
    from massnahmen.store.backups import complete_backups, copy_database, default_backup_path, rotate

    target = default_backup_path(small_db, "import-")
    written = []
    for _ in range(5):
        written.append(copy_database(small_db, target))
        rotate(small_db, "import-", keep=3)
        assert complete_backups(small_db, "import-")[-1] == written[-1]
    assert complete_backups(small_db, "import-") == written[-3:]
    assert len(set(written)) == 5
