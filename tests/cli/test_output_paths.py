"""Nothing a user types can destroy data: every output path (export -o, report -o, import --rejects,
backup DEST) follows one rule (massnahmen/store/files.py), is checked before anything is written,
and is written completely or not at all."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import file_digest

BAD_CSV = "Nr;Partner;Status\n1.1.1;Caritas neu;geplant\n1.1.2;;halb fertig\n"


def _bad_csv(tmp_path: Path) -> Path:
    path = tmp_path / "liste.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    return path


# every writer: (name, argv builder taking the target, kind of the file it writes)
WRITERS = {
    "export-csv": lambda t, tmp: ["export", "-o", t],
    "export-json": lambda t, tmp: ["export", "--format", "json", "-o", t],
    "export-ics": lambda t, tmp: ["export", "--format", "ics", "-o", t],
    "report-md": lambda t, tmp: ["report", "--format", "md", "-o", t],
    "report-html": lambda t, tmp: ["report", "--format", "html", "-o", t],
    "report-json": lambda t, tmp: ["report", "--format", "json", "-o", t],
    "rejects": lambda t, tmp: ["import", _bad_csv(tmp), "--on-error", "skip", "--rejects", t],
}
ALL_WRITERS = {**WRITERS, "backup": lambda t, tmp: ["backup", t]}


def _temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp") or ".tmp-" in p.name]


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: file_digest(p) for p in folder.iterdir() if p.is_file()}


# -- the database and its family are never an output ------------------------------------
@pytest.mark.parametrize("writer", list(ALL_WRITERS))
@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_the_open_database_is_never_overwritten(cli, small_db, tmp_path, writer, force):
    before = _snapshot(tmp_path)
    args = ALL_WRITERS[writer](small_db, tmp_path) + (["--force"] if force else [])
    result = cli(small_db, *args)
    assert result.exit_code == 1, result.output
    assert f"„{small_db}“ ist die geöffnete Datenbank" in result.stderr
    assert "auch nicht mit --force" in result.stderr
    after = _snapshot(tmp_path)
    after.pop("liste.csv", None)
    before.pop("liste.csv", None)
    assert after == before  # the database and everything else unchanged, no backup, no temp file


def test_the_same_database_under_another_spelling_is_recognised(cli, small_db, tmp_path, monkeypatch):
    before = file_digest(small_db)
    monkeypatch.chdir(tmp_path)
    for spelling in ("konzept.db", "./konzept.db", str(tmp_path / "x" / ".." / "konzept.db")):
        result = cli(Path("konzept.db"), "export", "-o", spelling, "--force")
        assert result.exit_code == 1 and "ist die geöffnete Datenbank" in result.stderr, spelling
    if sys.platform != "win32":
        (tmp_path / "link.csv").symlink_to(small_db)
        result = cli(small_db, "export", "-o", tmp_path / "link.csv", "--force")
        assert result.exit_code == 1 and "ist die geöffnete Datenbank" in result.stderr
    assert file_digest(small_db) == before


@pytest.mark.parametrize("writer", list(ALL_WRITERS))
@pytest.mark.parametrize("companion", ["-journal", "-wal", "-shm"])
def test_the_databases_journal_files_are_never_written(cli, small_db, tmp_path, writer, companion):
    before = file_digest(small_db)
    target = Path(str(small_db) + companion)
    result = cli(small_db, *ALL_WRITERS[writer](target, tmp_path), "--force")
    assert result.exit_code == 1, result.output
    assert "gehört zur geöffneten Datenbank" in result.stderr and "auch nicht mit --force" in result.stderr
    assert not target.exists()  # a stray -journal beside a database could be taken for a hot journal
    assert file_digest(small_db) == before


@pytest.mark.parametrize("writer", list(ALL_WRITERS))
def test_any_other_sqlite_file_and_backup_copies_are_never_overwritten(cli, small_db, tmp_path, writer):
    other = tmp_path / "anderes-konzept.db"
    shutil.copyfile(small_db, other)
    journal = tmp_path / "fremd.db-journal"
    journal.write_bytes(bytes.fromhex("d9d505f920a163d7") + b"\0" * 504)
    copy = tmp_path / "konzept-sicherung-20260101-120000.db"
    copy.write_text("kein SQLite, aber der Name einer Sicherung", encoding="utf-8")
    for target, words in ((other, "ist eine SQLite-Datenbank"), (journal, "ist eine SQLite-Datenbank"),
                          (copy, "ist eine Sicherungskopie der Datenbank")):
        before = file_digest(target), file_digest(small_db)
        result = cli(small_db, *ALL_WRITERS[writer](target, tmp_path), "--force")
        assert result.exit_code == 1, (target, result.output)
        assert words in result.stderr and "auch nicht mit --force" in result.stderr
        assert (file_digest(target), file_digest(small_db)) == before


# -- a foreign file is replaced only with --force; our own earlier output is ------------
@pytest.mark.parametrize("writer", list(ALL_WRITERS))
def test_a_foreign_file_is_refused_without_force_and_replaced_with_it(cli, small_db, tmp_path, writer):
    target = tmp_path / "wichtig.txt"
    target.write_text("Protokoll der Sitzung vom 3. März – nicht löschen\n", encoding="utf-8")
    before = file_digest(target), file_digest(small_db)
    result = cli(small_db, *ALL_WRITERS[writer](target, tmp_path))
    assert result.exit_code == 1, result.output
    assert f"„{target}“ gibt es schon" in result.stderr and "nicht überschrieben" in result.stderr
    assert "--force" in result.stderr
    assert (file_digest(target), file_digest(small_db)) == before
    result = cli(small_db, *ALL_WRITERS[writer](target, tmp_path), "--force")
    assert result.exit_code == 0, result.output
    assert "nicht löschen" not in target.read_text(encoding="utf-8", errors="replace")
    assert not _temp_files(tmp_path)


@pytest.mark.parametrize("writer", list(WRITERS))
def test_an_earlier_output_of_the_same_kind_is_replaced(cli, small_db, tmp_path, writer):
    target = tmp_path / "ausgabe"
    first = cli(small_db, *WRITERS[writer](target, tmp_path))
    assert first.exit_code == 0, first.output
    earlier = target.read_bytes()
    again = cli(small_db, *WRITERS[writer](target, tmp_path))
    assert again.exit_code == 0, again.output
    assert target.exists() and not _temp_files(tmp_path)
    if writer.startswith("report"):
        assert target.read_bytes()[:40] == earlier[:40]


@pytest.mark.parametrize("first,second", [("export-csv", "report-md"), ("report-md", "export-csv"),
                                          ("export-json", "report-json"), ("report-html", "export-ics"),
                                          ("export-csv", "rejects"), ("rejects", "export-csv")])
def test_an_output_of_another_kind_is_refused(cli, small_db, tmp_path, first, second):
    target = tmp_path / "ausgabe"
    assert cli(small_db, *WRITERS[first](target, tmp_path)).exit_code == 0
    before = file_digest(target)
    result = cli(small_db, *WRITERS[second](target, tmp_path))
    assert result.exit_code == 1
    assert ("ist kein früherer" in result.stderr or "ist keine frühere Fehlerdatei" in result.stderr)
    assert "--force" in result.stderr
    assert file_digest(target) == before


def test_a_report_file_carries_an_invisible_marker(cli, small_db, tmp_path):
    html, md = tmp_path / "b.html", tmp_path / "b.md"
    assert cli(small_db, "report", "-o", html).exit_code == 0
    assert cli(small_db, "report", "-o", md).exit_code == 0
    assert '<meta name="generator" content="massnahmen">' in html.read_text(encoding="utf-8")[:2000]
    assert md.read_text(encoding="utf-8").splitlines()[0] == "<!-- Sachstandsbericht, erstellt mit massnahmen -->"
    # on the screen no marker
    shown = cli(small_db, "report")
    assert shown.exit_code == 0 and "<!--" not in shown.output


def test_a_csv_with_another_header_is_not_taken_for_an_export(cli, small_db, tmp_path):
    target = tmp_path / "liste.csv"
    target.write_text("Nr;Maßnahme;Eigene Spalte\r\n1;x;y\r\n", encoding="utf-8-sig")
    before = file_digest(target)
    result = cli(small_db, "export", "-o", target)
    assert result.exit_code == 1 and "kein früherer CSV-Export" in result.stderr
    assert file_digest(target) == before


# -- wrong calls ----------------------------------------------------------------------------
@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_folder_or_a_missing_folder_is_a_wrong_call(cli, small_db, tmp_path, writer):
    before = file_digest(small_db)
    result = cli(small_db, *WRITERS[writer](tmp_path, tmp_path))
    assert result.exit_code == 2 and f"„{tmp_path}“ ist ein Ordner" in result.stderr
    missing = tmp_path / "fehlt" / "x"
    result = cli(small_db, *WRITERS[writer](missing, tmp_path))
    assert result.exit_code == 2 and f"Den Ordner „{missing.parent}“ gibt es nicht." in result.stderr
    assert not missing.parent.exists()
    assert file_digest(small_db) == before


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_a_device_is_not_a_file(cli, small_db, tmp_path):
    result = cli(small_db, "export", "-o", "/dev/null", "--force")
    assert result.exit_code == 2 and "keine gewöhnliche Datei" in result.stderr
    assert Path("/dev/null").exists() and not Path("/dev/null").is_file()


# -- never half written ------------------------------------------------------------------
class _FullDisk:
    """A stream that takes the first `room` characters and then fails like a full disk."""

    def __init__(self, stream, room: int) -> None:
        self.stream, self.room = stream, room

    def write(self, text: str) -> int:
        if len(text) > self.room:
            self.stream.write(text[: self.room])
            self.room = 0
            raise OSError(28, "No space left on device")
        self.room -= len(text)
        return self.stream.write(text)

    def __getattr__(self, name):
        return getattr(self.stream, name)


def _full_disk_after(monkeypatch, module, room: int = 200) -> None:
    real = module.atomic_write

    @contextmanager
    def failing(*args, **kwargs):
        with real(*args, **kwargs) as stream:
            yield _FullDisk(stream, room)

    monkeypatch.setattr(module, "atomic_write", failing)


@pytest.mark.parametrize("writer", ["export-csv", "export-json", "export-ics", "report-md", "report-html"])
def test_a_failing_write_leaves_the_earlier_file_and_no_temp_file(cli, demo_db, tmp_path, writer, monkeypatch):
    import massnahmen.cli.io
    import massnahmen.cli.reports
    import massnahmen.store.files

    target = tmp_path / "ausgabe"
    assert cli(demo_db, *WRITERS[writer](target, tmp_path)).exit_code == 0
    before = file_digest(target)
    monkeypatch.setattr(massnahmen.store.files, "atomic_write", _failing_atomic(massnahmen.store.files))
    result = cli(demo_db, *WRITERS[writer](target, tmp_path))
    assert result.exit_code == 1, result.output
    assert f"„{target}“ ließ sich nicht schreiben (No space left on device); die Datei blieb, wie sie war." \
        in result.stderr
    assert file_digest(target) == before
    assert not _temp_files(tmp_path)


def _failing_atomic(files_module):
    real = files_module.atomic_write

    @contextmanager
    def failing(*args, **kwargs):
        with real(*args, **kwargs) as stream:
            yield _FullDisk(stream, 200)

    return failing


def test_a_new_file_that_fails_is_not_created(cli, demo_db, tmp_path, monkeypatch):
    import massnahmen.store.files

    monkeypatch.setattr(massnahmen.store.files, "atomic_write", _failing_atomic(massnahmen.store.files))
    target = tmp_path / "bericht.html"
    result = cli(demo_db, "report", "-o", target)
    assert result.exit_code == 1 and "die Datei wurde nicht angelegt." in result.stderr
    assert not target.exists() and not _temp_files(tmp_path)


# -- the rejects file is checked before the import writes ----------------------------------
def _partners(db: Path, code: str) -> str | None:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT partners FROM measures WHERE code = ?", (code,)).fetchone()[0]
    finally:
        conn.close()


def _unwritable_targets(tmp_path: Path):
    yield "folder", tmp_path, 2, f"„{tmp_path}“ ist ein Ordner"
    yield "missing folder", tmp_path / "fehlt" / "fehler.csv", 2, "gibt es nicht"
    if Path("/proc/self").exists():
        yield "proc", Path("/proc/x"), 1, "lässt sich keine Datei anlegen"
    foreign = tmp_path / "fremd.csv"
    foreign.write_text("Name;Telefon\nA;1\n", encoding="utf-8")
    yield "foreign", foreign, 1, "--force"


def test_an_unusable_rejects_path_stops_the_import_before_it_writes(cli, small_db, tmp_path):
    source = _bad_csv(tmp_path)
    for name, target, code, words in _unwritable_targets(tmp_path):
        before = file_digest(small_db)
        listing = sorted(p.name for p in tmp_path.iterdir())
        result = cli(small_db, "import", source, "--on-error", "skip", "--rejects", target)
        assert result.exit_code == code, (name, result.output)
        assert words in result.stderr, name
        assert "Import fertig" not in result.output and "Sicherung vor dem Import" not in result.output
        assert file_digest(small_db) == before, name  # nothing was imported
        assert sorted(p.name for p in tmp_path.iterdir()) == listing, name  # no backup, no temp file


def test_a_rejects_file_failing_after_the_commit_says_what_was_stored(cli, small_db, tmp_path, monkeypatch):
    import massnahmen.importing.service as service

    _full_disk_after(monkeypatch, service, room=20)
    target = tmp_path / "fehler.csv"
    result = cli(small_db, "import", _bad_csv(tmp_path), "--on-error", "skip", "--rejects", target)
    assert result.exit_code == 1, result.output
    assert "Import fertig: 0 neu, 1 geändert" in result.output
    assert (f"Fehler: „{target}“ ließ sich nicht schreiben (No space left on device); die Datei wurde nicht "
            "angelegt. Gespeichert ist der Import (0 neu, 1 geändert, Sicherung davor: ") in result.stderr
    assert "Nicht gespeichert: die 1 fehlerhafte Zeile (Gründe oben; die Zeilen stehen unverändert in " \
           "„liste.csv“)." in result.stderr
    assert "Übersprungen: Zeile 3, Spalte „Status“" in result.stderr
    assert _partners(small_db, "1.1.1") == "Caritas neu"  # the good row is stored
    assert not target.exists() and not _temp_files(tmp_path)


def test_the_json_summary_names_the_failed_rejects_file(cli, small_db, tmp_path, monkeypatch):
    import json

    import massnahmen.importing.service as service

    _full_disk_after(monkeypatch, service, room=20)
    target = tmp_path / "fehler.csv"
    result = cli(small_db, "import", _bad_csv(tmp_path), "--on-error", "skip", "--rejects", target,
                 "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["written"] is True and data["rejects"] is None
    assert "No space left on device" in data["rejects_error"]


def test_rejects_are_written_and_replaced_by_the_next_import(cli, small_db, tmp_path):
    target = tmp_path / "fehler.csv"
    for _ in range(2):
        result = cli(small_db, "import", _bad_csv(tmp_path), "--on-error", "skip", "--rejects", target)
        assert result.exit_code == 0, result.output
        lines = target.read_text(encoding="utf-8").splitlines()
        assert lines[0] == "Nr;Partner;Status;Fehler" and lines[1].startswith("1.1.2;;halb fertig;\"Zeile 3")


def test_json_rejects_are_recognised_as_our_own(cli, small_db, tmp_path):
    import json

    source = tmp_path / "liste.json"
    source.write_text(json.dumps([{"code": "1.1.1", "partners": "A"},
                                  {"code": "1.1.2", "status": "halb fertig"}]), encoding="utf-8")
    target = tmp_path / "fehler.json"
    for _ in range(2):
        result = cli(small_db, "import", source, "--on-error", "skip", "--rejects", target)
        assert result.exit_code == 0, result.output
    data = json.loads(target.read_text(encoding="utf-8"))
    assert list(data[0]) == ["fehler", "code", "status"] and "halb fertig" in data[0]["fehler"]
