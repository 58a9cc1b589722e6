"""Opening the SQLite file (after checking it is whole), transactions with author and time, the
change counter other processes move; backups are made in store.backups."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from massnahmen.domain import settings
from massnahmen.domain.clock import current_user, now_iso
from massnahmen.domain.errors import AlreadyExists, DatabaseProblem, WriteCancelled
from massnahmen.store.backups import backup_before_migration, make_backup
from massnahmen.store.checks import check_columns, check_root_pages, verify_pages
from massnahmen.store.files import is_regular
from massnahmen.store.problems import is_locked_error, translate_error
from massnahmen.store.schema import SCHEMA_VERSION, create_schema, migrate

DEFAULT_DB = "massnahmen.db"
WAIT_STEP = 0.25  # seconds between asking Store.on_wait while the file is locked


def resolve_db_path(explicit: str | os.PathLike | None) -> Path:
    """--db PATH, else $MASSNAHMEN_DB, else ./massnahmen.db."""
    if explicit:
        return Path(explicit)
    env = settings.db_path()
    return Path(env) if env else Path(DEFAULT_DB)


def busy_timeout() -> float:
    """Seconds a writer waits for another one before giving up (MASSNAHMEN_BUSY_TIMEOUT)."""
    return settings.busy_timeout()


class Store:
    """One open concept file. Reads use the connection directly; writes go through write()."""

    def __init__(self, conn: sqlite3.Connection, path: Path, user: str) -> None:
        self.conn = conn
        self.path = path
        self.user = user
        self.context: str | None = None  # e.g. "Import liste.csv", written into the history
        # while set, a write that finds the file locked asks it (seconds waited so far) whether to
        # go on waiting, every quarter second, instead of blocking for the whole busy timeout
        self.on_wait: Callable[[float], bool] | None = None
        self._writing = 0  # depth of write() blocks: an inner one is part of the outer transaction

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike | None = None, user: str | None = None, *, verify: bool = False) -> Store:
        """Open an existing concept file; migrate an older one after a backup copy.

        Every open checks cheaply (a fraction of a millisecond, whatever the size): SQLite's header
        (a truncated file fails here), the tables and columns the schema version promises, and the
        root page of every table and index. verify=True also reads every page (PRAGMA quick_check,
        about 1 s per 250 MB) – for backup and import, which must not start from a damaged file; the
        TUI runs the same check in a thread while Textual loads (verify_in_background)."""
        db_path = resolve_db_path(path)
        if not db_path.exists():
            raise DatabaseProblem(
                f"Die Datenbank „{db_path}“ gibt es nicht.", path=str(db_path), remedy="create_or_sample"
            )
        if db_path.is_dir():
            raise DatabaseProblem(
                f"„{db_path}“ ist ein Ordner, keine Datenbankdatei.",
                path=str(db_path / DEFAULT_DB),
                remedy="create_in_folder",
            )

        if not is_regular(db_path):  # a FIFO or a device: SQLite would wait on it forever
            raise DatabaseProblem(f"„{db_path}“ ist keine gewöhnliche Datei, keine Datenbankdatei.")
        conn = cls._connect(db_path)
        try:
            version = cls._check(conn, db_path)
            if verify:
                verify_pages(conn, db_path)
            if version < SCHEMA_VERSION:
                cls._upgrade(conn, db_path, version)
        except BaseException:
            conn.close()
            raise
        return cls(conn, db_path, current_user(user))

    @classmethod
    def create(
        cls,
        path: str | os.PathLike | None,
        user: str | None = None,
        *,
        name: str,
        body: str | None = None,
        adopted_on: str | None = None,
    ) -> Store:
        """Create a new concept file (refuses to touch an existing non-empty file)."""
        db_path = resolve_db_path(path)
        if db_path.is_dir():
            raise DatabaseProblem(f"„{db_path}“ ist ein Ordner, keine Datenbankdatei.")
        if db_path.exists() and db_path.stat().st_size > 0:
            raise AlreadyExists(
                f"„{db_path}“ gibt es schon; sie wird nicht überschrieben.",
                remedy="create_other",
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
            conn = sqlite3.connect(str(db_path), timeout=busy_timeout(), isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            raise translate_error(exc, db_path) from None
        return conn

    @staticmethod
    def _check(conn: sqlite3.Connection, db_path: Path) -> int:
        """The schema version, after the cheap checks; a read transaction holds the file still
        (no commit of another process) while its pages are looked at."""
        try:
            conn.execute("BEGIN")
            return Store._check_in_transaction(conn, db_path)
        except sqlite3.Error as exc:
            raise translate_error(exc, db_path) from None
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")

    @staticmethod
    def _check_in_transaction(conn: sqlite3.Connection, db_path: Path) -> int:
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            objects = conn.execute(
                "SELECT type, name, rootpage FROM sqlite_master WHERE type IN ('table', 'index')"
            ).fetchall()
        except sqlite3.Error as exc:
            raise translate_error(exc, db_path) from None
        tables = {name for kind, name, _root in objects if kind == "table"}
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
                remedy="create_new",
            )
        check_columns(conn, db_path, version, tables)
        check_root_pages(conn, db_path, [root for _kind, _name, root in objects])
        return version

    @staticmethod
    def _upgrade(conn: sqlite3.Connection, db_path: Path, version: int) -> None:
        try:
            backup_before_migration(db_path, version)
        except DatabaseProblem as exc:
            raise DatabaseProblem(
                f"Vor dem Aktualisieren von „{db_path}“ ließ sich keine Sicherungskopie anlegen "
                f"({exc.message}); die Datei bleibt unverändert."
            ) from None
        try:
            conn.execute("BEGIN IMMEDIATE")
            migrate(conn, version)
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise translate_error(exc, db_path) from None

    def verify_in_background(self, max_bytes: int | None = None) -> Callable[[], None]:
        """Start verify_pages on a second, read-only connection in a thread (SQLite releases the
        GIL, so it overlaps with what the caller does meanwhile); the returned function waits for
        it and raises the German DatabaseProblem if the file is damaged.

        A file larger than max_bytes is not read in full (the cheap checks of open() still ran):
        a concept of a few thousand measures is a few MB, read in milliseconds, while a benchmark
        file of 100 000 measures would cost a second before the first screen."""
        path, outcome = self.path, []
        if max_bytes is not None and path.stat().st_size > max_bytes:
            return lambda: None

        def run() -> None:
            try:
                conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=busy_timeout())
                try:
                    verify_pages(conn, path)
                finally:
                    conn.close()
            except DatabaseProblem as exc:
                outcome.append(exc)
            except sqlite3.Error as exc:
                outcome.append(translate_error(exc, path))

        thread = threading.Thread(target=run, name="massnahmen-verify", daemon=True)
        thread.start()

        def wait() -> None:
            thread.join()
            if outcome:
                raise outcome[0]

        return wait

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ----------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: waits up to the busy timeout for others). A
        write() inside another is part of the outer transaction (a check and the writes it allows
        commit together, or not at all)."""
        conn = self.conn
        if self._writing:
            self._writing += 1
            try:
                yield conn
            finally:
                self._writing -= 1
            return
        self._begin()
        self._writing = 1
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
        finally:
            self._writing = 0

    def _begin(self) -> None:
        conn = self.conn
        if self.on_wait is None:
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise translate_error(exc, self.path) from None
            return
        started = time.monotonic()
        conn.execute(f"PRAGMA busy_timeout = {int(WAIT_STEP * 1000)}")
        try:
            while True:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.Error as exc:
                    if not is_locked_error(exc):
                        raise translate_error(exc, self.path) from None
                if not self.on_wait(time.monotonic() - started):
                    raise WriteCancelled("Abgebrochen: die Datei war gesperrt, nichts wurde geändert.")
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout() * 1000)}")

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
    def backup(self, dest: str | os.PathLike | None = None, *, force: bool = False) -> Path:
        """A checked, consistent copy (safe while someone else writes); see store.backups."""
        return make_backup(self.path, dest, force=force, busy_timeout=busy_timeout())
