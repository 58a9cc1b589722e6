"""Opening the SQLite file, transactions with author and time, lock handling, backups."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from massnahmen.domain.clock import current_user, now_iso
from massnahmen.domain.errors import AlreadyExists, DatabaseProblem
from massnahmen.store.schema import SCHEMA_VERSION, create_schema, migrate

DEFAULT_DB = "massnahmen.db"
REQUIRED_TABLES = {"concept", "fields", "goals", "contacts", "measures", "reviews", "changes"}

LOCKED_MESSAGE = (
    "Die Datenbank „{path}“ ist gerade durch einen anderen Vorgang gesperrt "
    "(jemand speichert oder importiert). Bitte in einigen Sekunden erneut versuchen."
)


def resolve_db_path(explicit: str | os.PathLike | None) -> Path:
    """--db PATH, else $MASSNAHMEN_DB, else ./massnahmen.db."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("MASSNAHMEN_DB", "").strip()
    return Path(env) if env else Path(DEFAULT_DB)


def busy_timeout() -> float:
    """Seconds a writer waits for another one before giving up (MASSNAHMEN_BUSY_TIMEOUT)."""
    try:
        return max(0.0, float(os.environ.get("MASSNAHMEN_BUSY_TIMEOUT", "5")))
    except ValueError:
        return 5.0


def is_locked_error(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def translate_error(exc: sqlite3.Error, path: Path) -> DatabaseProblem:
    """Turn an sqlite3 error into a German message (locked, not a database, read-only, disk full)."""
    text = str(exc).lower()
    if is_locked_error(exc):
        return DatabaseProblem(LOCKED_MESSAGE.format(path=path))
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return DatabaseProblem(
            f"„{path}“ ist keine massnahmen-Datenbank (keine lesbare SQLite-Datei).",
            hint="Eine neue anlegen mit: massnahmen --db NEU.db init",
        )
    if "readonly" in text or "read-only" in text:
        return DatabaseProblem(f"„{path}“ ist schreibgeschützt; Änderungen sind nicht möglich.")
    if "disk is full" in text or "disk i/o" in text:
        return DatabaseProblem(f"Schreiben in „{path}“ fehlgeschlagen ({exc}). Nichts wurde geändert.")
    if "unable to open" in text:
        return DatabaseProblem(f"„{path}“ lässt sich nicht öffnen ({exc}).")
    return DatabaseProblem(f"Datenbankfehler in „{path}“: {exc}")


class Store:
    """One open concept file. Reads use the connection directly; writes go through write()."""

    def __init__(self, conn: sqlite3.Connection, path: Path, user: str) -> None:
        self.conn = conn
        self.path = path
        self.user = user
        self.context: str | None = None  # e.g. "Import liste.csv", written into the history

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike | None = None, user: str | None = None) -> "Store":
        """Open an existing concept file; migrate an older one after a backup copy."""
        db_path = resolve_db_path(path)
        if not db_path.exists():
            raise DatabaseProblem(
                f"Die Datenbank „{db_path}“ gibt es nicht.",
                hint=(
                    f"Neu anlegen mit: massnahmen --db {db_path} init – "
                    "oder die Beispieldaten öffnen: massnahmen --db sample.db"
                ),
            )
        if db_path.is_dir():
            raise DatabaseProblem(
                f"„{db_path}“ ist ein Ordner, keine Datenbankdatei.",
                hint=f"Zum Beispiel: massnahmen --db {db_path / DEFAULT_DB} init",
            )
        conn = cls._connect(db_path)
        try:
            version = cls._check(conn, db_path)
            if version < SCHEMA_VERSION:
                cls._upgrade(conn, db_path, version)
        except BaseException:
            conn.close()
            raise
        return cls(conn, db_path, current_user(user))

    @classmethod
    def create(cls, path: str | os.PathLike | None, user: str | None = None, *, name: str,
               body: str | None = None, adopted_on: str | None = None) -> "Store":
        """Create a new concept file (refuses to touch an existing non-empty file)."""
        db_path = resolve_db_path(path)
        if db_path.is_dir():
            raise DatabaseProblem(f"„{db_path}“ ist ein Ordner, keine Datenbankdatei.")
        if db_path.exists() and db_path.stat().st_size > 0:
            raise AlreadyExists(
                f"„{db_path}“ gibt es schon; sie wird nicht überschrieben.",
                hint="Eine andere Datei wählen: massnahmen --db NEU.db init",
            )
        if not db_path.parent.exists():
            raise DatabaseProblem(f"Den Ordner „{db_path.parent}“ gibt es nicht.")
        existed = db_path.exists()
        conn = cls._connect(db_path)
        store = cls(conn, db_path, current_user(user))
        try:
            with store.write():
                create_schema(conn)
                conn.execute(
                    "INSERT INTO concept (id, name, body, adopted_on, created_at) VALUES (1, ?, ?, ?, ?)",
                    (name, body, adopted_on, now_iso()),
                )
        except BaseException:
            conn.close()
            if not existed:
                db_path.unlink(missing_ok=True)
            raise
        return store

    @staticmethod
    def _connect(db_path: Path) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                str(db_path), timeout=busy_timeout(), isolation_level=None, check_same_thread=False
            )
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            raise translate_error(exc, db_path) from None
        return conn

    @staticmethod
    def _check(conn: sqlite3.Connection, db_path: Path) -> int:
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.Error as exc:
            raise translate_error(exc, db_path) from None
        if version > SCHEMA_VERSION:
            raise DatabaseProblem(
                f"„{db_path}“ wurde mit einer neueren Version von massnahmen geschrieben "
                f"(Schema {version}, diese Version kennt bis {SCHEMA_VERSION}).",
                hint="Bitte massnahmen aktualisieren; die Datei bleibt unverändert.",
            )
        if version < 1 or not {"concept", "measures"} <= tables:
            what = "ist leer" if not tables else "enthält keine massnahmen-Daten"
            raise DatabaseProblem(
                f"„{db_path}“ {what} – keine massnahmen-Datenbank.",
                hint="Eine neue anlegen mit: massnahmen --db NEU.db init",
            )
        return version

    @staticmethod
    def _upgrade(conn: sqlite3.Connection, db_path: Path, version: int) -> None:
        backup = db_path.with_name(f"{db_path.stem}.schema{version}-sicherung{db_path.suffix or '.db'}")
        try:
            shutil.copy2(db_path, backup)
        except OSError as exc:
            raise DatabaseProblem(
                f"Vor dem Aktualisieren von „{db_path}“ ließ sich keine Sicherungskopie anlegen ({exc})."
            ) from None
        try:
            conn.execute("BEGIN IMMEDIATE")
            migrate(conn, version)
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise translate_error(exc, db_path) from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ----------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: waits up to the busy timeout for others)."""
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise translate_error(exc, self.path) from None
        try:
            yield conn
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise translate_error(exc, self.path) from None
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """Reads with sqlite errors translated (a reader can meet an exclusive lock)."""
        try:
            yield self.conn
        except sqlite3.Error as exc:
            raise translate_error(exc, self.path) from None

    def data_version(self) -> int:
        """Changes when another connection commits (to notice CLI edits in the TUI)."""
        with self.reading() as conn:
            return conn.execute("PRAGMA data_version").fetchone()[0]

    def use_large_cache(self, mib: int = 64) -> None:
        """A larger page cache, so that filtering 100 000 rows again and again stays in memory
        (for a long-running session; harmless if SQLite refuses)."""
        try:
            self.conn.execute(f"PRAGMA cache_size = {-1024 * int(mib)}")
        except sqlite3.Error:  # pragma: no cover
            pass

    # -- backup ----------------------------------------------------------------------------
    def backup(self, dest: str | os.PathLike | None = None) -> Path:
        """A consistent copy with SQLite's online backup (safe while someone else writes)."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        default_name = f"{self.path.stem}-sicherung-{stamp}{self.path.suffix or '.db'}"
        if dest is None:
            target = self.path.with_name(default_name)
        else:
            target = Path(dest)
            if target.is_dir():
                target = target / default_name
        if target.exists():
            raise AlreadyExists(f"„{target}“ gibt es schon; sie wird nicht überschrieben.")
        if not target.parent.exists():
            raise DatabaseProblem(f"Den Ordner „{target.parent}“ gibt es nicht.")
        try:
            out = sqlite3.connect(str(target))
            try:
                with self.reading():
                    self.conn.backup(out)
            finally:
                out.close()
        except (sqlite3.Error, DatabaseProblem):
            target.unlink(missing_ok=True)
            raise
        return target
