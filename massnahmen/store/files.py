"""Every file massnahmen writes besides the database goes through here.

The rule (README, „Dateien, die massnahmen schreibt“):

- Never written, not even with --force: the open database, its -journal/-wal/-shm files, its
  backup copies, and any existing SQLite file (or SQLite journal).
- An existing other file is replaced only when it is an earlier output of the same kind (each
  writer declares an OutputKind that recognises its own output by the file's beginning); anything
  else needs --force.
- A file is written to a unique temporary name beside the target and renamed over it only when
  complete; on any failure the temporary file is removed, the target stays as it was.

Only pathlib/os calls that work on Windows as well; no typer, rich or textual."""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import secrets
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from massnahmen.domain.errors import MassnahmenError, TargetRefused, UsageProblem

SQLITE_MAGIC = b"SQLite format 3\x00"
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
WAL_MAGICS = (bytes.fromhex("377f0682"), bytes.fromhex("377f0683"))
DB_COMPANIONS = ("-journal", "-wal", "-shm")
HEAD_BYTES = 4096
TEMP_SUFFIX = ".tmp"
# a temporary name of ours (temp_name), with the files SQLite may keep beside it
TEMP_NAME = re.compile(r"\A\..+\.[0-9a-f]{8}\.tmp(?:-journal|-wal|-shm)?\Z")
STALE_TEMP_SECONDS = 10 * 60  # a temporary file untouched this long and not held is a leftover


@dataclass(frozen=True)
class OutputKind:
    """A kind of file massnahmen writes. recognise(head) says whether the first bytes of an
    existing file are an earlier output of this kind (None: no existing file is ever ours)."""

    label: str  # German, e.g. "CSV-Export"
    recognise: Callable[[bytes], bool] | None = None
    example: str = "datei"  # an example file name for messages, e.g. "bericht.html"
    feminine: bool = False  # „keine frühere Fehlerdatei“, „kein früherer CSV-Export“
    # for files not recognisable by their first bytes (a zip such as .xlsx): judged by the whole file
    recognise_file: Callable[[Path], bool] | None = None

    @property
    def not_earlier(self) -> str:
        return f"keine frühere {self.label}" if self.feminine else f"kein früherer {self.label}"


BACKUP = OutputKind("Sicherungskopie", example="sicherung.db")


# -- recognising a file by its beginning -------------------------------------------------------
def head_text(head: bytes) -> str:
    """The first bytes as text: UTF-16 with its BOM, else UTF-8 (BOM dropped), else Windows-1252."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="ignore")
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # a character cut at the end of the sample
            return head[: exc.start].decode("utf-8")
        return head.decode("cp1252", errors="replace")


def first_line(head: bytes) -> str:
    text = head_text(head)
    for end in ("\r\n", "\n", "\r"):
        text = text.split(end, 1)[0]
    return text


def starts_with(*prefixes: str) -> Callable[[bytes], bool]:
    """A recogniser: the text (after a BOM) begins with one of the prefixes."""
    return lambda head: head_text(head).startswith(prefixes)


def first_line_is(line: str) -> Callable[[bytes], bool]:
    return lambda head: first_line(head) == line


def header_ends_with(column: str, delimiters: str = ";,\t|") -> Callable[[bytes], bool]:
    """A recogniser for a CSV file whose header row ends with the given column."""

    def recognise(head: bytes) -> bool:
        line = first_line(head)
        for delimiter in delimiters:
            if delimiter not in line:
                continue
            try:
                cells = next(csv.reader([line], delimiter=delimiter))
            except (csv.Error, StopIteration):
                continue
            if len(cells) >= 2 and cells[-1].strip() == column:
                return True
        return False

    return recognise


def any_of(*recognisers: Callable[[bytes], bool]) -> Callable[[bytes], bool]:
    return lambda head: any(r(head) for r in recognisers)


class NotRegular(OSError):
    """A path that is no regular file (a FIFO, a device, a socket): it is never opened to look at
    it – opening a FIFO waits for a writer, reading a device may never end."""


def is_regular(path: str | os.PathLike) -> bool:
    """True for a regular file (followed through links); never opens it."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """The first bytes of a regular file; NotRegular (an OSError) for anything else. Opened without
    blocking, and checked again on the open handle (the name may change in between)."""
    if not is_regular(path):
        raise NotRegular(f"„{path}“ ist keine gewöhnliche Datei")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegular(f"„{path}“ ist keine gewöhnliche Datei")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(size)
    finally:
        os.close(fd)


def pdf_info(path: Path, size: int = HEAD_BYTES) -> bytes:
    """The first bytes of a PDF's document information (title, keywords), found through the
    trailer at its end and the cross-reference table: a few short reads, whatever the file's size.
    b"" for a file not laid out so (or unreadable)."""
    try:
        with Path(path).open("rb") as handle:
            end = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, end - 2048))
            tail = handle.read()
            trailer = tail.rfind(b"trailer")
            info = re.search(rb"/Info\s+(\d+)\s+(\d+)\s+R", tail[trailer:]) if trailer >= 0 else None
            start = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", tail)
            if info is None or start is None:
                return b""
            number, xref_at = int(info.group(1)), int(start.group(1))
            handle.seek(xref_at)
            section = re.match(rb"xref\s*\r?\n(\d+) (\d+)\s*?\r?\n", handle.read(64))
            if section is None:
                return b""
            first, count = int(section.group(1)), int(section.group(2))
            if not first <= number < first + count:
                return b""
            handle.seek(xref_at + section.end() + 20 * (number - first))
            entry = re.match(rb"(\d{10}) \d{5} n", handle.read(20))
            if entry is None or int(entry.group(1)) >= end:
                return b""
            handle.seek(int(entry.group(1)))
            data = handle.read(size)
    except (OSError, ValueError):
        return b""
    return data if data.startswith(f"{number} {int(info.group(2))} obj".encode()) else b""


def is_sqlite_file(path: Path) -> bool:
    """True for a SQLite database or a SQLite journal (judged by the first bytes)."""
    try:
        head = read_head(path, 16)
    except OSError:
        return False
    return head.startswith(SQLITE_MAGIC) or head.startswith(JOURNAL_MAGIC) or head[:4] in WAL_MAGICS


# -- what belongs to a database ---------------------------------------------------------------
def _key(path: Path) -> str:
    return os.path.normcase(str(path.resolve()))


def _same(a: Path, b: Path) -> bool:
    try:
        if _key(a) == _key(b):
            return True
    except OSError:
        pass
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def database_files(db: Path) -> list[Path]:
    """The database file and the files SQLite keeps beside it."""
    db = Path(db)
    return [db] + [db.with_name(db.name + end) for end in DB_COMPANIONS]


def is_backup_name(path: Path, db: Path) -> bool:
    """A name used for backup copies of db (…-sicherung-…, NAME.schemaN-sicherung…) in its folder."""
    path, db = Path(path), Path(db)
    try:
        if _key(path.parent) != _key(db.parent):
            return False
    except OSError:
        return False
    name = path.name
    return name.startswith(f"{db.stem}-sicherung-") or (name.startswith(f"{db.stem}.schema") and "-sicherung" in name)


def _protected_reason(path: Path, protected: Iterable[Path]) -> str | None:
    for db in protected:
        db = Path(db)
        files = database_files(db)
        if _same(path, files[0]):
            return f"„{path}“ ist die geöffnete Datenbank"
        if any(_same(path, f) for f in files[1:]):
            return f"„{path}“ gehört zur geöffneten Datenbank „{db}“ (SQLite-Hilfsdatei)"
        if is_backup_name(path, db):
            return f"„{path}“ ist eine Sicherungskopie der Datenbank „{db}“"
    if path.name.endswith(DB_COMPANIONS):
        base = path.with_name(path.name.rsplit("-", 1)[0])
        if is_sqlite_file(base):
            return f"„{path}“ gehört zur SQLite-Datenbank „{base}“ (Hilfsdatei)"
    if is_sqlite_file(path):
        return f"„{path}“ ist eine SQLite-Datenbank"
    return None


# -- the check --------------------------------------------------------------------------------
def check_target(
    path: str | os.PathLike,
    kind: OutputKind,
    *,
    force: bool = False,
    protected: Iterable[str | os.PathLike] = (),
    option: str = "-o",
    probe: bool = True,
) -> Path:
    """Decide whether kind may be written to path; raise a German error if not, else return it.

    UsageProblem (exit 2, a path that cannot be meant): a folder, no regular file, a folder that
    does not exist. TargetRefused (exit 1): a protected file (never, even with force), an
    existing file that is not an earlier output of this kind (allowed with force), a folder in
    which no file can be created. probe: also create and remove a file
    in the folder, so that an unwritable folder is noticed before anything else happens."""
    path = Path(path)
    databases = [Path(p) for p in protected]
    if path.is_dir():
        raise UsageProblem(f"„{path}“ ist ein Ordner; {option} braucht einen Dateinamen, z. B. {path / kind.example}")
    reason = _protected_reason(path, databases)
    if reason:
        raise TargetRefused(
            f"{reason} und wird nie überschrieben.",
            remedy="never",
            hint=f"Bitte für {option} einen anderen Dateinamen wählen.",
        )
    if path.exists() and not path.is_file():
        raise UsageProblem(f"{option} „{path}“ ist keine gewöhnliche Datei; bitte einen Dateinamen angeben.")
    parent = path.parent
    if not parent.exists():
        raise UsageProblem(
            f"Den Ordner „{parent}“ gibt es nicht.",
            hint=f"{option} braucht einen Dateinamen in einem vorhandenen Ordner.",
        )
    if not parent.is_dir():
        raise UsageProblem(f"„{parent}“ ist kein Ordner ({option} {path}).")
    if path.exists() and not force:
        try:
            if kind.recognise_file is not None:
                ours = kind.recognise_file(path)
            else:
                ours = kind.recognise is not None and kind.recognise(read_head(path))
        except OSError:
            ours = False
        if not ours:
            known = kind.recognise is not None or kind.recognise_file is not None
            what = f" und ist {kind.not_earlier} von massnahmen" if known else ""
            raise TargetRefused(
                f"„{path}“ gibt es schon{what}; die Datei wird nicht überschrieben.",
                hint="Einen anderen Dateinamen wählen.",
                remedy="force",
            )
    if probe:
        _probe_folder(path, option)
    return path


def existing_file(path: str | os.PathLike) -> str | None:
    """For a file that is there (a target about to be replaced): its size and when it was last
    changed, as „334 KB, geändert am 07.12.2026 um 14:02“; None when there is no such file."""

    try:
        stat = Path(path).stat()
    except OSError:
        return None
    if not Path(path).is_file():
        return None
    size = stat.st_size
    amount = (
        f"{size} Byte"
        if size < 1024
        else f"{size / 1024:.0f} KB"
        if size < 1024 * 1024
        else f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
    )
    changed = datetime.fromtimestamp(stat.st_mtime)
    return f"{amount}, geändert am {changed:%d.%m.%Y} um {changed:%H:%M}"


def _probe_folder(path: Path, option: str) -> None:
    try:
        temp, handle = open_temp(path)
    except OSError as exc:
        raise TargetRefused(
            f"{option}: im Ordner „{path.parent}“ lässt sich keine Datei anlegen ({exc.strerror or exc})."
        ) from None
    handle.close()
    temp.unlink(missing_ok=True)


def temp_name(target: Path) -> Path:
    """A fresh hidden name beside target; it never matches a backup name pattern (leading dot,
    ending .tmp)."""
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def open_temp(target: Path):
    """(name, binary handle) of a new temporary file beside target, held (see hold) while open.
    Stale temporary files of ours in that folder are removed first."""
    sweep_stale_temps(target.parent)
    for _ in range(20):
        temp = temp_name(target)
        try:
            handle = temp.open("xb")
        except FileExistsError:
            continue
        hold(handle)
        return temp, handle
    raise FileExistsError(f"kein freier temporärer Name neben „{target}“")


def hold(handle) -> None:
    """Mark an open temporary file as in use (an advisory lock, released when the handle closes), so
    that sweep_stale_temps of another process leaves it alone however long it takes."""
    try:
        import fcntl  # POSIX only (ImportError on Windows, handled below)
    except ImportError:  # Windows: an open file cannot be deleted anyway
        return
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        pass


def _held(path: Path) -> bool:
    try:
        import fcntl  # POSIX only (ImportError on Windows, handled below)
    except ImportError:
        return False
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return True  # cannot look: leave it
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # closing releases the lock just taken
    return False


def sweep_stale_temps(folder: Path, *, older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Remove temporary files of ours (temp_name, and SQLite's -journal/-wal/-shm beside one) in
    folder that a killed process left: untouched for older_than seconds and not held by a writer.
    Anything else is never touched; a file that cannot be removed stays. Returns what was removed."""
    removed: list[Path] = []
    cutoff = time.time() - older_than
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(".") or not TEMP_NAME.match(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_mtime >= cutoff:
                continue
            path = Path(entry.path)
            if _held(path):
                continue
            path.unlink()
            removed.append(path)
        except OSError:
            continue
    return removed


def fsync_file(path: Path) -> None:
    with Path(path).open("r+b") as handle:
        handle.flush()
        os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX only; Windows has no folder handles for this)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(str(folder), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class WriteFailed(MassnahmenError):
    """Writing an output file failed; the target is unchanged and no partial file is left."""


@contextmanager
def atomic_write(
    path: str | os.PathLike,
    kind: OutputKind,
    *,
    force: bool = False,
    protected: Iterable[str | os.PathLike] = (),
    option: str = "-o",
    binary: bool = False,
    encoding: str = "utf-8",
    errors: str = "strict",
    newline: str | None = "",
) -> Iterator:
    """Check the target, yield a stream on a temporary file beside it, and rename that over the
    target when the block ends without an error. On any failure the temporary file is removed and
    WriteFailed (or the block's own error) is raised; the target is never half written."""
    path = Path(path)
    protected = [Path(p) for p in protected]
    check_target(path, kind, force=force, protected=protected, option=option, probe=False)
    try:
        temp, raw = open_temp(path)
    except OSError as exc:
        raise WriteFailed(
            f"„{path}“ ließ sich nicht schreiben ({exc.strerror or exc}); "
            f"die Datei {'blieb, wie sie war' if path.exists() else 'wurde nicht angelegt'}."
        ) from None
    try:
        try:
            if binary:
                stream = raw
            else:
                stream = io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline=newline)
            with stream:
                yield stream
                stream.flush()
                os.fsync(raw.fileno())
            # the world may have changed while we wrote: check again just before the rename
            check_target(path, kind, force=force, protected=protected, option=option, probe=False)
            os.replace(temp, path)
        except OSError as exc:
            state = "blieb, wie sie war" if path.exists() else "wurde nicht angelegt"
            raise WriteFailed(
                f"„{path}“ ließ sich nicht schreiben ({exc.strerror or exc}); die Datei {state}."
            ) from None
    except BaseException:
        try:
            raw.close()
        except OSError:
            pass
        temp.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def rename_new(temp: Path, target: Path) -> None:
    """Rename temp to target, never replacing an existing target (FileExistsError then).

    POSIX: a hard link is atomic and fails on an existing name; where links are not supported, an
    existence check and a rename (a small window, only on such file systems). Windows: os.rename
    itself refuses an existing target."""
    if os.name == "nt":
        os.rename(temp, target)
        return
    try:
        os.link(temp, target)
    except FileExistsError:
        raise
    except OSError:
        if target.exists():
            raise FileExistsError(str(target)) from None
        os.replace(temp, target)
        return
    temp.unlink(missing_ok=True)


# -- workbooks ---------------------------------------------------------------------------------
WORKBOOK_PROPERTY = "massnahmen"  # a custom document property naming what massnahmen wrote


def workbook_property(path: Path) -> str | None:
    """The value of the custom document property „massnahmen“ of an .xlsx file (None: none, or no
    .xlsx at all). Read from docProps/custom.xml without loading the workbook."""
    import zipfile  # zipfile ≈ 7 ms: only to read an .xlsx file's property, not on every command's path

    try:
        with zipfile.ZipFile(path) as archive:
            try:
                xml = archive.read("docProps/custom.xml")[:200_000].decode("utf-8", errors="replace")
            except KeyError:
                return None
    except (OSError, zipfile.BadZipFile, ValueError):
        return None
    m = re.search(r'name="' + WORKBOOK_PROPERTY + r'"[^>]*>\s*<vt:lpwstr>([^<]*)</vt:lpwstr>', xml)
    return m.group(1) if m else None


def workbook_of(value: str) -> Callable[[Path], bool]:
    """A recogniser for a workbook massnahmen wrote with the given property value."""
    return lambda path: workbook_property(path) == value


def sqlite_uri(path: Path, mode: str = "ro") -> str:
    """A file: URI for sqlite3.connect(uri=True) that survives spaces, # and ? in the path."""
    return f"{Path(path).resolve().as_uri()}?mode={mode}"


def open_readonly(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    return sqlite3.connect(sqlite_uri(path), uri=True, timeout=timeout)
