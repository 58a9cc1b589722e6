"""Backup copies of a concept file: the one implementation behind `backup`, the import's safety
copy and the copy before a schema migration.

A copy is made with SQLite's online backup through its own read-only connection (a consistent
state even while someone else writes; inside an import's transaction it is the state before the
import's first write) into a temporary name beside the target, flushed to disk, checked
(PRAGMA quick_check, and that it is a massnahmen file) and only then renamed to its final name,
never replacing an existing file unless asked to. A copy killed halfway therefore never carries a
backup name, and the rotation only ever sees complete copies."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from datetime import datetime
from pathlib import Path

from massnahmen.domain.errors import DatabaseProblem
from massnahmen.store.files import (
    BACKUP,
    DB_COMPANIONS,
    SQLITE_MAGIC,
    TEMP_SUFFIX,
    check_target,
    fsync_file,
    fsync_folder,
    open_readonly,
    open_temp,
    read_head,
    rename_new,
)
from massnahmen.store.problems import translate_error

KEEP_IMPORT_BACKUPS = 3
STALE_TEMP_SECONDS = 3600
IMPORT_TAG = "import-"


def _suffix(db: Path) -> str:
    return db.suffix or ".db"


def backup_pattern(db: Path, tag: str = "") -> str:
    """The glob for backups of db (tag "import-" for the import's safety copies)."""
    db = Path(db)
    return f"{db.stem}-sicherung-{tag}*{_suffix(db)}"


def _backup_re(db: Path, tag: str) -> re.Pattern:
    return re.compile(
        re.escape(f"{db.stem}-sicherung-{tag}") + r"(\d{8}-\d{6})(?:-(\d+))?" + re.escape(_suffix(db)) + r"\Z"
    )


def _candidates(first: Path):
    """first, then first-2, -3 … – always after the highest counter already there, so that a name
    freed by the rotation is never taken again (the newest copy must sort last)."""
    taken = re.compile(re.escape(first.stem) + r"(?:-(\d+))?" + re.escape(first.suffix) + r"\Z")
    counters = [
        int(m.group(1) or 1) for p in first.parent.glob(f"{first.stem}*{first.suffix}") if (m := taken.match(p.name))
    ]
    n = max(counters, default=0) + 1
    while True:
        yield first if n == 1 else first.with_name(f"{first.stem}-{n}{first.suffix}")
        n += 1


def default_backup_path(db: Path, tag: str = "") -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(db).with_name(f"{Path(db).stem}-sicherung-{tag}{stamp}{_suffix(Path(db))}")


# -- checking a copy -----------------------------------------------------------------------------
def verify_copy(path: Path) -> None:
    """Raise DatabaseProblem unless path is an intact SQLite file with massnahmen's tables."""
    try:
        conn = open_readonly(path)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise DatabaseProblem(f"Die Kopie ist nicht lesbar ({exc}).") from None
    if not result or result[0] != "ok":
        raise DatabaseProblem(f"Die Kopie ist beschädigt ({result[0] if result else 'keine Antwort'}).")
    if version < 1 or not {"concept", "measures"} <= tables:
        raise DatabaseProblem("Die Kopie enthält keine massnahmen-Daten.")


def looks_complete(path: Path) -> bool:
    """A quick look at the header: a SQLite file exactly as long as its header says."""
    try:
        head = read_head(path, 100)
        size = Path(path).stat().st_size
    except OSError:
        return False
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        return False
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    valid = head[24:28] == head[92:96]  # the page count is trustworthy (SQLite ≥ 3.7.0)
    return size > 0 and size % page_size == 0 and (not valid or pages * page_size == size)


# -- making a copy -------------------------------------------------------------------------------
def copy_database(db: Path, target: Path, *, replace: bool = False, busy_timeout: float = 5.0) -> Path:
    """Copy the database file db to target (see the module docstring). Without replace an existing
    target is never touched: if a file of that name appears, the next free name target-2, -3 …
    is taken. Returns the name written. Raises DatabaseProblem (the German reason) on failure;
    then no file with the target's name was created."""
    db, target = Path(db), Path(target)
    try:
        temp, held = open_temp(target)  # held while the copy is made: no other writer sweeps it away
    except OSError as exc:
        raise DatabaseProblem(
            f"Die Sicherungskopie „{target}“ ließ sich nicht anlegen ({exc.strerror or exc})."
        ) from None
    try:
        try:
            source = open_readonly(db, timeout=busy_timeout)
            try:
                out = sqlite3.connect(str(temp))
                try:
                    _copy(source, out, db, target)
                finally:
                    out.close()
            finally:
                source.close()
            fsync_file(temp)
        except sqlite3.Error as exc:
            raise DatabaseProblem(
                f"Die Sicherungskopie von „{db}“ ließ sich nicht anlegen: {translate_error(exc, db).message}"
            ) from None
        except OSError as exc:
            raise DatabaseProblem(
                f"Die Sicherungskopie „{target}“ ließ sich nicht schreiben ({exc.strerror or exc})."
            ) from None
        try:
            verify_copy(temp)
        except DatabaseProblem as exc:
            raise DatabaseProblem(f"Die Sicherungskopie von „{db}“ ist unbrauchbar: {exc.message}") from None
        try:
            if replace:
                os.replace(temp, target)
                written = target
            else:
                for candidate in _candidates(target):
                    try:
                        rename_new(temp, candidate)
                    except FileExistsError:
                        continue
                    written = candidate
                    break
        except OSError as exc:
            raise DatabaseProblem(
                f"Die Sicherungskopie „{target}“ ließ sich nicht anlegen ({exc.strerror or exc})."
            ) from None
    finally:
        held.close()
        temp.unlink(missing_ok=True)
        for end in DB_COMPANIONS:
            Path(str(temp) + end).unlink(missing_ok=True)
    fsync_folder(written.parent)
    return written


_TARGET_ERRORS = ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_READONLY")


def _copy(source: sqlite3.Connection, out: sqlite3.Connection, db: Path, target: Path) -> None:
    """SQLite's online backup from source into out; the copy is switched from WAL to an ordinary
    rollback journal before it is closed, so that no -wal/-shm file is left beside it (nor beside
    the finished copy when it is opened read-only). A full disk or a write error on the copy's side
    names the copy, not the database."""
    try:
        source.backup(out)
    except sqlite3.Error as exc:
        if not _target_side(exc):
            raise
        raise DatabaseProblem(
            f"Die Sicherungskopie „{target}“ ließ sich nicht schreiben ({_target_reason(exc)}); "
            f"die Datenbank „{db}“ ist unverändert."
        ) from None
    try:
        out.execute("PRAGMA journal_mode = DELETE").fetchone()
    except sqlite3.Error as exc:
        raise DatabaseProblem(
            f"Die Sicherungskopie „{target}“ ließ sich nicht schreiben ({_target_reason(exc)}); "
            f"die Datenbank „{db}“ ist unverändert."
        ) from None


def _target_side(exc: sqlite3.Error) -> bool:
    """The error is about writing (the copy: the source is opened read-only)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    return name.startswith(_TARGET_ERRORS) or "disk is full" in text or "disk i/o error" in text


def _target_reason(exc: sqlite3.Error) -> str:
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith("SQLITE_FULL") or "disk is full" in str(exc).lower():
        return "der Datenträger ist voll"
    return " ".join(str(exc).split())[:100]


def make_backup(
    db: Path, dest: str | os.PathLike | None = None, *, force: bool = False, busy_timeout: float = 5.0
) -> Path:
    """The `backup` command: beside the database (NAME-sicherung-JJJJMMTT-HHMMSS.db), into a
    folder under that name, or to a file name. An existing file is never a database or a backup
    copy (refused even with force); another existing file is replaced only with force."""
    db = Path(db)
    if dest is not None and not Path(dest).is_dir():
        target = Path(dest)
        check_target(target, BACKUP, force=force, protected=[db], option="backup ZIEL")
        return copy_database(db, target, replace=target.exists(), busy_timeout=busy_timeout)
    default = default_backup_path(db)
    target = default if dest is None else Path(dest) / default.name
    if not target.parent.is_dir():
        raise DatabaseProblem(f"Den Ordner „{target.parent}“ gibt es nicht.")
    return copy_database(db, target, busy_timeout=busy_timeout)


def backup_before_import(db: Path, *, keep: int = KEEP_IMPORT_BACKUPS, busy_timeout: float = 5.0) -> Path:
    """The import's safety copy NAME-sicherung-import-JJJJMMTT-HHMMSS.db; only the newest `keep`
    complete import copies stay."""
    db = Path(db)
    target = copy_database(db, default_backup_path(db, IMPORT_TAG), busy_timeout=busy_timeout)
    rotate(db, IMPORT_TAG, keep)
    return target


def backup_before_migration(db: Path, version: int) -> Path:
    """NAME.schemaN-sicherung.db (then -2, -3 …: an earlier copy is never replaced)."""
    db = Path(db)
    return copy_database(db, db.with_name(f"{db.stem}.schema{version}-sicherung{_suffix(db)}"))


def complete_backups(db: Path, tag: str = "") -> list[Path]:
    """The complete backup copies named like backup_pattern, oldest first (by the time in the name,
    then the counter)."""
    db = Path(db)
    pattern = _backup_re(db, tag)
    found = []
    for path in db.parent.glob(backup_pattern(db, tag)):
        match = pattern.match(path.name)
        if match and looks_complete(path):
            found.append((match.group(1), int(match.group(2) or 1), path))
    return [p for *_key, p in sorted(found)]


def rotate(db: Path, tag: str = IMPORT_TAG, keep: int = KEEP_IMPORT_BACKUPS) -> None:
    """Delete all but the newest `keep` complete copies; also temporary copies left behind by a
    killed process more than an hour ago. Incomplete files are neither counted nor deleted."""
    db = Path(db)
    for extra in complete_backups(db, tag)[:-keep] if keep > 0 else []:
        try:
            extra.unlink()
        except OSError:
            pass
    cutoff = time.time() - STALE_TEMP_SECONDS
    for temp in db.parent.glob(f".{db.stem}-sicherung-*{TEMP_SUFFIX}*"):
        try:
            if temp.stat().st_mtime < cutoff:
                temp.unlink()
        except OSError:
            pass


__all__ = [
    "backup_before_import",
    "backup_before_migration",
    "complete_backups",
    "copy_database",
    "make_backup",
    "rotate",
    "verify_copy",
]
