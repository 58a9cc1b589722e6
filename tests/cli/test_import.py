"""massnahmen import: real spreadsheet files, the upsert by Nr., and every bad input of the issue."""

import csv
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import file_digest

FIXTURES = Path(__file__).parent.parent / "fixtures" / "csv"
HEADER = "Nr;Maßnahme;Handlungsfeld;Status;Wiedervorlage"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def measures(db: Path) -> dict[str, dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = conn.execute(
        """SELECT m.*, f.name AS field, g.name AS goal, c.name AS contact_name, c.organisation AS contact_org,
                  c.email AS contact_email
           FROM measures m JOIN fields f ON f.id = m.field_id LEFT JOIN goals g ON g.id = m.goal_id
           LEFT JOIN contacts c ON c.id = m.contact_id"""
    ).fetchall()
    conn.close()
    return {r["code"]: dict(r) for r in rows}


def changes(db: Path, code: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT c.field, c.old, c.new, c.context, c.author FROM changes c JOIN measures m ON m.id = c.measure_id "
        "WHERE m.code = ? ORDER BY c.id", (code,)).fetchall()
    conn.close()
    return rows


def import_(cli, db, path, *args):
    return cli(db, "import", str(path), *args)


# -- files as LibreOffice Calc saves them (German locale) ----------------------------------------------
def test_libreoffice_cp1252_file_is_imported(cli, empty_db):
    path = FIXTURES / "massnahmenplan_cp1252.csv"
    assert b"\r\n" not in path.read_bytes()[:10] and "Maßnahme".encode("cp1252") in path.read_bytes()
    result = import_(cli, empty_db, path)
    assert result.exit_code == 0, result.output
    assert "Windows-1252" in result.output
    assert "Kopfzeile in Zeile 3" in result.stderr
    rows = measures(empty_db)
    assert set(rows) == {"1.1.1", "1.1.2", "5.1", "5.2", "8.1"}
    first = rows["1.1.1"]
    assert first["title"] == "Sprachcafé in der Stadtbibliothek"
    assert first["status"] == "in_umsetzung"  # "in Arbeit"
    assert first["review_date"] == "2027-01-15"  # "15.01.27" as Calc writes it
    assert first["assessment"] == "gruen"
    assert first["partners"] == "Caritas; Diakonie; Stadtbibliothek"
    assert first["notes"] == 'Treffen jeden Dienstag; "offenes" Format'
    # "Jörg Weiß, Volkshochschule" in one cell finds the existing contact
    assert (first["contact_name"], first["contact_org"]) == ("Jörg Weiß", "Volkshochschule")
    assert rows["1.1.2"]["notes"] == "Start nach den Winterferien\nRäume: Familienzentrum Süd"
    assert rows["1.1.2"]["title"] == "Elternkurse „Mama lernt Deutsch“"
    assert rows["5.2"]["status"] == "verstetigt"  # "laufend"
    assert rows["8.1"]["status"] == "geplant"  # "nicht begonnen"
    assert rows["8.1"]["field"] == "Gesundheit"  # created
    assert (rows["8.1"]["contact_name"], rows["8.1"]["contact_org"]) == (None, "Gesundheitsamt")  # an office
    assert (rows["5.1"]["contact_name"], rows["5.1"]["contact_org"]) == ("Frau Öztürk", "IHK Musterland")
    assert "Angelegt: Handlungsfeld „6 Gesundheit“" in result.stdout
    assert "Angelegt: Kontakt „Frau Öztürk (IHK Musterland)“" in result.stdout
    assert changes(empty_db, "1.1.1")[0] == ("created", None, "1.1.1", "Import massnahmenplan_cp1252.csv", "tester")


def test_same_sheet_in_utf8_changes_nothing_the_second_time(cli, empty_db):
    assert import_(cli, empty_db, FIXTURES / "massnahmenplan_cp1252.csv").exit_code == 0
    before = file_digest(empty_db)
    result = import_(cli, empty_db, FIXTURES / "massnahmenplan_utf8.csv")
    assert result.exit_code == 0, result.output
    assert "Keine Änderung" in result.stdout
    assert "unverändert                5" in result.stdout
    assert file_digest(empty_db) == before


def test_working_group_update_changes_only_its_columns(cli, empty_db):
    import_(cli, empty_db, FIXTURES / "massnahmenplan_cp1252.csv")
    result = import_(cli, empty_db, FIXTURES / "arbeitsgruppe_cp1252.csv")
    assert result.exit_code == 0, result.output
    rows = measures(empty_db)
    assert rows["1.1.1"]["review_date"] == "2027-04-15"
    assert rows["1.1.1"]["field"] == "Bildung und Sprache"  # no such column: unchanged
    assert rows["1.1.1"]["partners"] == "Caritas; Diakonie; Stadtbibliothek"
    assert rows["1.1.2"]["status"] == "in_umsetzung"
    assert rows["5.2"]["status"] == "verstetigt"
    assert rows["5.1"]["status"] == "umgesetzt"  # not in the file
    history = changes(empty_db, "1.1.2")
    assert ("status", "geplant", "in_umsetzung", "Import arbeitsgruppe_cp1252.csv", "tester") in history
    assert rows["1.1.2"]["version"] == 2


def test_an_xlsx_file_is_read_like_its_csv(cli, empty_db):
    """Spreadsheets are imported since the exchange with partners (tests/cli/test_xlsx_import.py)."""
    before = file_digest(empty_db)
    result = import_(cli, empty_db, FIXTURES / "massnahmenplan.xlsx", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Blatt" in result.stdout
    assert file_digest(empty_db) == before


# -- form ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_delimiters_and_line_ends_are_detected(cli, empty_db, tmp_path, delimiter, newline):
    lines = [["Nr.", "Titel", "Handlungsfeld", "Bemerkung"],
             ["1.2.3", "Kurs; mit, Komma\tund Tab", "bildung  und sprache", "zwei\nZeilen"], [], []]
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=newline).writerows(lines)
    path = write(tmp_path / "liste.csv", "\ufeff" + buf.getvalue())
    result = import_(cli, empty_db, path)
    assert result.exit_code == 0, result.output
    row = measures(empty_db)["1.2.3"]
    assert row["title"] == "Kurs; mit, Komma\tund Tab"
    assert row["field"] == "Bildung und Sprache"
    assert row["notes"] == "zwei\nZeilen"


def test_forced_delimiter_and_trailing_empty_columns(cli, empty_db, tmp_path):
    path = write(tmp_path / "l.csv", "Nr|Maßnahme|Handlungsfeld|||\n 007 |Lotsen|5|||\n\n")
    result = import_(cli, empty_db, path, "--delimiter", "|")
    assert result.exit_code == 0, result.output
    assert measures(empty_db)["007"]["field"] == "Arbeit und Ausbildung"  # code kept as text, trimmed


def test_unknown_columns_are_reported_and_map_assigns_them(cli, empty_db, tmp_path):
    path = write(tmp_path / "l.csv", "Nr;Maßnahme;Handlungsfeld;Verantwortliche Stelle;Interne ID\n"
                                     "1.9;Lotsen;1;Jobcenter Testkreis;X-17\n")
    result = import_(cli, empty_db, path, "--dry-run")
    assert result.exit_code == 0
    assert "Spalte „Verantwortliche Stelle“ wird nicht importiert" in result.stderr
    assert "Spalte „Interne ID“ wird nicht importiert" in result.stderr
    result = import_(cli, empty_db, path, "--map", "Verantwortliche Stelle=Zuständig", "--map", "Interne ID=-")
    assert result.exit_code == 0, result.output
    assert "nicht importiert" not in result.stderr
    assert measures(empty_db)["1.9"]["contact_org"] == "Jobcenter Testkreis"


def test_map_to_an_unknown_field_is_a_usage_error(cli, empty_db, tmp_path):
    path = write(tmp_path / "l.csv", "Nr;Maßnahme;Handlungsfeld\n1;A;1\n")
    result = import_(cli, empty_db, path, "--map", "Maßnahme=Farbe")
    assert result.exit_code == 2
    assert "„Farbe“ ist kein Feld" in result.stderr


def test_two_columns_for_one_value_are_refused(cli, empty_db, tmp_path):
    before = file_digest(empty_db)
    path = write(tmp_path / "l.csv", "Nr;Titel;Maßnahme;Handlungsfeld\n1;A;B;1\n")
    result = import_(cli, empty_db, path)
    assert result.exit_code == 1
    assert "„Titel“ und „Maßnahme“ meinen beide „Maßnahme“" in result.stderr
    assert file_digest(empty_db) == before


def test_formula_prefix_is_stripped(cli, empty_db, tmp_path):
    path = write(tmp_path / "l.csv", "Nr;Maßnahme;Handlungsfeld;Indikator\n1.5;'=SUMME(A1);1;'-5 % Wartezeit\n")
    assert import_(cli, empty_db, path).exit_code == 0
    row = measures(empty_db)["1.5"]
    assert (row["title"], row["indicator"]) == ("=SUMME(A1)", "-5 % Wartezeit")


def test_contacts_in_separate_columns_are_found_or_created(cli, empty_db, tmp_path):
    path = write(tmp_path / "l.csv",
                 "Nr;Maßnahme;Handlungsfeld;Zuständig;Organisation;E-Mail\n"
                 "1.1;A;1;jörg  weiß;volkshochschule;\n"
                 "1.2;B;1;;Jobcenter Testkreis;\n"
                 "1.3;C;1;Amira Haddad;Caritas;amira.haddad@caritas.example.org\n"
                 "1.4;D;1;Frau Yilmaz, Mieterverein Musterhausen;;\n")
    result = import_(cli, empty_db, path)
    assert result.exit_code == 0, result.output
    rows = measures(empty_db)
    assert (rows["1.1"]["contact_name"], rows["1.1"]["contact_org"]) == ("Jörg Weiß", "Volkshochschule")
    assert (rows["1.2"]["contact_name"], rows["1.2"]["contact_org"]) == (None, "Jobcenter Testkreis")
    assert rows["1.3"]["contact_email"] == "amira.haddad@caritas.example.org"
    assert (rows["1.4"]["contact_name"], rows["1.4"]["contact_org"]) == ("Frau Yilmaz", "Mieterverein Musterhausen")
    assert "angelegt: Kontakte         2" in result.stdout


# -- meaning: the upsert ---------------------------------------------------------------------------
def test_empty_cell_clears_and_absent_column_keeps(cli, small_db, tmp_path):
    path = write(tmp_path / "l.csv", "Nr;Wiedervorlage;Partner\n1.1.1;;Caritas\n")
    result = import_(cli, small_db, path)
    assert result.exit_code == 0, result.output
    row = measures(small_db)["1.1.1"]
    assert row["review_date"] is None
    assert row["partners"] == "Caritas"
    assert row["title"] == "Sprachcafé an der Volkshochschule"
    assert row["status"] == "in_umsetzung"
    history = changes(small_db, "1.1.1")
    assert ("review_date", "2026-11-01", None, "Import l.csv", "tester") in history


def test_required_values_cannot_be_cleared(cli, small_db, tmp_path):
    before = file_digest(small_db)
    path = write(tmp_path / "l.csv", "Nr;Maßnahme;Status\n1.1.1;;\n")
    result = import_(cli, small_db, path)
    assert result.exit_code == 1
    assert "Zeile 2, Spalte „Maßnahme“: darf nicht leer sein" in result.stderr
    assert "Zeile 2, Spalte „Status“: darf nicht leer sein" in result.stderr
    assert file_digest(small_db) == before


def test_new_measure_needs_title_and_field(cli, small_db, tmp_path):
    before = file_digest(small_db)
    path = write(tmp_path / "l.csv", "Nr;Status\n9.9;offen\n")
    result = import_(cli, small_db, path)
    assert result.exit_code == 1
    assert "Zeile 2: Die neue Maßnahme „9.9“ braucht „Maßnahme“ und „Handlungsfeld“" in result.stderr
    assert file_digest(small_db) == before


def test_moving_to_a_new_field_and_goal(cli, small_db, tmp_path):
    path = write(tmp_path / "l.csv", "Nr;Handlungsfeld;Ziel\n1.1.2;Digitale Teilhabe;Alle sind online\n")
    result = import_(cli, small_db, path, "--dry-run")
    assert result.exit_code == 0
    assert "Wird angelegt: Handlungsfeld „6 Digitale Teilhabe“" in result.stdout
    assert "Handlungsfeld: Bildung und Sprache → Digitale Teilhabe" in result.stdout
    assert measures(small_db)["1.1.2"]["field"] == "Bildung und Sprache"
    assert import_(cli, small_db, path).exit_code == 0
    row = measures(small_db)["1.1.2"]
    assert (row["field"], row["goal"]) == ("Digitale Teilhabe", "Alle sind online")


def test_dry_run_json_for_scripts(cli, small_db, tmp_path):
    before = file_digest(small_db)
    path = write(tmp_path / "l.csv", f"{HEADER}\n1.1.1;Sprachcafé an der Volkshochschule;1;erledigt;\n"
                                     "1.1.9;Neu;1;;31.02.2026\n2.1;Noch neuer;Bildung und Sprache;;\n")
    result = import_(cli, small_db, path, "--dry-run", "--format", "json", "--on-error", "skip")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["dry_run"] is True and data["written"] is False
    assert data["counts"]["new"] == 1 and data["counts"]["changed"] == 1 and data["counts"]["failed"] == 1
    assert data["new"] == ["2.1"]
    assert {"attribute": "status", "old": "in_umsetzung", "new": "umgesetzt"} in data["changed"][0]["changes"]
    assert data["problems"][0]["text"] == "Zeile 3, Spalte „Wiedervorlage“: „31.02.2026“ ist kein gültiges Datum"
    assert file_digest(small_db) == before


def test_skip_writes_good_rows_and_rejects_in_the_original_form(cli, small_db, tmp_path):
    text = ("Lfd. Nr.;Maßnahme;Handlungsfeld;Status;Wiedervorlage;Bemerkung\r\n"
            "1.4;Gute Zeile;1;offen;01.02.2027;ä\r\n"
            "1.5;Schlechte Zeile;1;halb fertig;01.02.2027;\"mit\r\nUmbruch\"\r\n")
    path = write(tmp_path / "l.csv", text, "cp1252")
    rejects = tmp_path / "fehler.csv"
    result = import_(cli, small_db, path, "--on-error", "skip", "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    assert "Warnung: 1 fehlerhafte Zeile übersprungen" in result.stdout
    assert "1.4" in measures(small_db) and "1.5" not in measures(small_db)
    data = rejects.read_bytes()
    data.decode("cp1252")
    with rejects.open(encoding="cp1252", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert rows[0] == ["Lfd. Nr.", "Maßnahme", "Handlungsfeld", "Status", "Wiedervorlage", "Bemerkung", "Fehler"]
    assert rows[1][:6] == ["1.5", "Schlechte Zeile", "1", "halb fertig", "01.02.2027", "mit\r\nUmbruch"]
    assert rows[1][6].startswith("Zeile 3, Spalte „Status“: „halb fertig“ ist unbekannt")


def test_backups_are_kept_beside_the_database(cli, small_db, tmp_path):
    for n in range(5):
        path = write(tmp_path / "l.csv", f"Nr;Partner\n1.1.1;Partner {n}\n")
        result = import_(cli, small_db, path)
        assert result.exit_code == 0, result.output
        assert "Sicherung vor dem Import" in result.stderr
    # newest last: by the time and then the counter in the name („…-HHMMSS.db“, „…-HHMMSS-2.db“)
    from massnahmen.store.backups import complete_backups

    copies = complete_backups(small_db, "import-")
    assert len(copies) == 3
    assert sorted(small_db.parent.glob("konzept-sicherung-import-*.db")) == sorted(copies)
    conn = sqlite3.connect(copies[-1])
    assert conn.execute("SELECT partners FROM measures WHERE code = '1.1.1'").fetchone() == ("Partner 3",)
    conn.close()


def test_a_failure_while_writing_leaves_the_database_as_it_was(small_db, tmp_path, monkeypatch):
    from massnahmen.importing.service import import_file
    from massnahmen.store.bulk import Bulk
    from massnahmen.store.db import Store

    before = file_digest(small_db)
    path = write(tmp_path / "l.csv", f"{HEADER}\n7.1;Neu;Neues Feld;offen;\n1.1.1;Anders;1;offen;\n")

    def broken(*args, **kwargs):
        raise OSError("Datenträger voll")

    monkeypatch.setattr(Bulk, "add_changes", broken)  # after fields and measures went in
    with Store.open(small_db) as store, pytest.raises(OSError):
        import_file(store, path)
    assert file_digest(small_db) == before
    assert "7.1" not in measures(small_db)


# -- JSON ----------------------------------------------------------------------------------------------
def test_json_export_imports_into_a_fresh_concept_and_again_unchanged(cli, small_db, tmp_path):
    out = tmp_path / "m.json"
    assert cli(small_db, "export", "--format", "json", "-o", str(out)).exit_code == 0
    fresh = tmp_path / "neu.db"
    assert cli(fresh, "init", "--name", "Neu").exit_code == 0
    result = import_(cli, fresh, out)
    assert result.exit_code == 0, result.output
    rows = measures(fresh)
    assert rows["1.1.1"]["contact_email"] == "joerg.weiss@vhs.example.org"
    assert rows["1.1.1"]["goal"] == "Sprachkursangebote ausbauen"
    assert rows["5.1"]["status"] == "umgesetzt"
    before = file_digest(small_db)
    result = import_(cli, small_db, out)
    assert result.exit_code == 0 and "Keine Änderung" in result.stdout
    assert file_digest(small_db) == before


def test_json_entry_problems_name_entry_and_field(cli, small_db, tmp_path):
    before = file_digest(small_db)
    path = write(tmp_path / "m.json", json.dumps([{"code": "1.1.1", "status": "halb fertig"}]))
    result = import_(cli, small_db, path)
    assert result.exit_code == 1
    assert "Eintrag 1, Feld „status“: „halb fertig“ ist unbekannt" in result.stderr
    assert file_digest(small_db) == before


# -- bad input, each: message, exit code, database unchanged -------------------------------------------
BAD_CELLS = [
    ("unknown_status", f"{HEADER}\n1.1.1;A;1;halb fertig;\n",
     "Zeile 2, Spalte „Status“: „halb fertig“ ist unbekannt; erlaubt: geplant"),
    ("impossible_date", f"{HEADER}\n1.1;A;1;;\n1.2;B;1;offen;\n\n1.3;C;1;offen;\n1.4;D;1;;\n1.5;E;1;;31.02.2026\n",
     "Zeile 7, Spalte „Wiedervorlage“: „31.02.2026“ ist kein gültiges Datum"),
    ("duplicate_code", f"{HEADER}\n4.1;A;1;;\n4.1;B;1;;\n", "Zeile 3, Spalte „Nr“: „4.1“ kommt mehrfach vor (Zeilen 2, 3)"),
    ("too_many_cells", f"{HEADER}\n4.1;A;1;offen;01.01.2027;Rest;mehr\n",
     "Zeile 2: 7 Zellen, aber die Kopfzeile hat nur 5 Spalten"),
    ("huge_cell", "Nr;Maßnahme;Handlungsfeld;Beschreibung\n4.1;A;1;" + "x" * 1_048_576 + "\n",
     "Zeile 2, Spalte „Beschreibung“: ist zu lang (1048576 Zeichen, höchstens 100000)"),
]


@pytest.mark.parametrize("name,text,message", BAD_CELLS, ids=[b[0] for b in BAD_CELLS])
def test_bad_cells_refuse_the_whole_file(cli, small_db, tmp_path, name, text, message):
    before = file_digest(small_db)
    path = write(tmp_path / f"{name}.csv", text)
    result = import_(cli, small_db, path)
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert "Import abgelehnt" in result.stderr and "nichts wurde geschrieben" in result.stderr
    assert len(result.stderr) < 5000  # a 1 MB cell is not repeated
    assert file_digest(small_db) == before


BAD_FILES = [
    ("missing", None, 2, "gibt es nicht"),
    ("directory", "DIR", 2, "ist ein Ordner"),
    ("empty", b"", 1, "ist leer"),
    ("only_header", "Nr;Maßnahme;Handlungsfeld\r\n;;\r\n".encode(), 1, "enthält nur die Kopfzeile"),
    ("binary", bytes(range(256)) * 4, 1, "keine Textdatei"),
    ("no_code_column", "Titel;Handlungsfeld\nA;1\n".encode(), 1, "fehlt die Spalte „Nr“"),
    ("utf16", f"{HEADER}\n1.1.1;A;1;offen;\n".encode("utf-16"), 1, "UTF-16"),
    ("utf16_without_bom", f"{HEADER}\n1.1.1;A;1;offen;\n".encode("utf-16-le"), 1, "UTF-16"),
]


@pytest.mark.parametrize("name,content,code,message", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_are_refused(cli, small_db, tmp_path, name, content, code, message):
    before = file_digest(small_db)
    path = tmp_path / f"{name}.csv"
    if content == "DIR":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    result = import_(cli, small_db, path)
    assert result.exit_code == code, result.output
    assert message in result.stderr  # refused, not crashed: the cli fixture checks every call (no_crash)
    assert file_digest(small_db) == before


def test_utf16_with_encoding_option_works(cli, small_db, tmp_path):
    path = tmp_path / "u.csv"
    path.write_bytes(f"{HEADER}\n1.1.7;Ärztelotsen;1;offen;\n".encode("utf-16"))
    result = import_(cli, small_db, path, "--encoding", "utf-16")
    assert result.exit_code == 0, result.output
    assert measures(small_db)["1.1.7"]["title"] == "Ärztelotsen"


@pytest.mark.parametrize("args,message", [
    (["--on-error", "weiter"], "--on-error „weiter“ ist unbekannt"),
    (["--encoding", "klingonisch"], "--encoding „klingonisch“ ist unbekannt"),
    (["--delimiter", ";;"], "kein einzelnes Trennzeichen"),
    (["--format", "xml"], "--format „xml“ ist unbekannt"),
])
def test_wrong_options_are_usage_errors(cli, small_db, tmp_path, args, message):
    path = write(tmp_path / "l.csv", f"{HEADER}\n1.1.1;A;1;offen;\n")
    before = file_digest(small_db)
    result = import_(cli, small_db, path, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert file_digest(small_db) == before


def test_import_of_a_copy_is_independent(cli, small_db, tmp_path):
    copy = tmp_path / "kopie.db"
    shutil.copyfile(small_db, copy)
    path = write(tmp_path / "l.csv", "Nr;Status\n5.1;verworfen\n")
    assert import_(cli, copy, path).exit_code == 0
    assert measures(copy)["5.1"]["status"] == "verworfen"
    assert measures(small_db)["5.1"]["status"] == "umgesetzt"


def test_a_fresh_import_writes_one_created_row_per_measure(cli, empty_db, tmp_path):
    path = write(tmp_path / "l.csv", f"{HEADER}\n2.10;Zehn;Bildung;offen;\n2.9;Neun;Bildung;;\n10.1;Eins;Arbeit;;\n")
    assert import_(cli, empty_db, path).exit_code == 0
    conn = sqlite3.connect(empty_db)
    rows = conn.execute("SELECT m.code, m.version, c.version, c.field, c.old, c.new, c.context, c.author, c.at "
                        "FROM changes c JOIN measures m ON m.id = c.measure_id ORDER BY c.id").fetchall()
    conn.close()
    assert sorted(r[0] for r in rows) == ["10.1", "2.10", "2.9"]
    for code, version, change_version, field, old, new, context, author, at in rows:
        assert (version, change_version, field, old, new, context) == (1, 1, "created", None, code, "Import l.csv")
        assert author and at
    assert changes(empty_db, "2.9") == [("created", None, "2.9", "Import l.csv", rows[0][7])]


def test_json_contact_may_be_one_string(cli, small_db, tmp_path):
    path = write(tmp_path / "m.json", json.dumps([
        {"code": "1.1.2", "contact": "Jörg Weiß (Volkshochschule)"},
        {"code": "5.1", "contact": None},
    ], ensure_ascii=False))
    result = import_(cli, small_db, path)
    assert result.exit_code == 0, result.output
    rows = measures(small_db)
    assert (rows["1.1.2"]["contact_name"], rows["1.1.2"]["contact_org"]) == ("Jörg Weiß", "Volkshochschule")
    assert rows["5.1"]["contact_id"] is None
    assert "angelegt: Kontakte         0" in result.stdout


def test_a_killed_import_leaves_the_database_as_it_was(small_db, tmp_path):
    """The process dies in the middle of the transaction (after the measures went in): SQLite's
    journal brings the file back to the state before the import on the next open."""
    import os
    import signal
    import subprocess
    import sys

    if not hasattr(signal, "SIGKILL"):
        pytest.skip("needs SIGKILL")
    lines = [HEADER] + [f"8.{n};Maßnahme {n} mit etwas Text, damit Seiten geschrieben werden;Neues Feld;offen;"
                        for n in range(3000)]
    path = write(tmp_path / "gross.csv", "\n".join(lines) + "\n")
    script = (
        "import os, signal, sys\n"
        "from massnahmen.importing.service import import_file\n"
        "from massnahmen.store.bulk import Bulk\n"
        "from massnahmen.store.db import Store\n"
        "def die(*a, **k):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "Bulk.add_changes = die\n"
        "store = Store.open(sys.argv[1])\n"
        "import_file(store, sys.argv[2])\n"
    )
    env = dict(os.environ)
    proc = subprocess.run([sys.executable, "-c", script, str(small_db), str(path)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    rows = measures(small_db)  # opening rolls the hot journal back
    assert set(rows) == {"1.1.1", "1.1.2", "5.1"}
    conn = sqlite3.connect(small_db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("SELECT count(*) FROM fields WHERE name = 'Neues Feld'").fetchone() == (0,)
    conn.close()


def test_concept_table_with_zeitraum_and_field_from_the_code(cli, empty_db, tmp_path):
    """The measure table of a real concept: Nr. | Maßnahme | Ziel | Zuständigkeit | Partner | Zeitraum |
    Finanzierung | Indikator | Status — no Handlungsfeld column, the field is the first part of the Nr."""
    text = ("Nr.;Maßnahme;Ziel;Zuständigkeit;Partner;Zeitraum;Finanzierung;Indikator;Status\r\n"
            "1.1.4;Sprachpaten;Sprachkursangebote ausbauen;Volkshochschule;Ehrenamt;2026–2027;Landesmittel;"
            "20 Paten;in Umsetzung\r\n"
            "5.2.1;Ausbildungslotsen;Junge Menschen in Ausbildung;Jobcenter Testkreis;IHK;ab 03/2026;ESF;;geplant\r\n"
            "5.2.2;Jobbörse;;Jobcenter Testkreis;;laufend;;;Daueraufgabe\r\n")
    path = write(tmp_path / "konzept.csv", text, "cp1252")
    result = import_(cli, empty_db, path)
    assert result.exit_code == 0, result.output
    assert "Handlungsfeld für 3 neue Maßnahmen aus der Nr. abgeleitet" in result.stderr
    rows = measures(empty_db)
    assert (rows["1.1.4"]["field"], rows["1.1.4"]["goal"]) == ("Bildung und Sprache", "Sprachkursangebote ausbauen")
    assert (rows["1.1.4"]["start_date"], rows["1.1.4"]["end_date"]) == ("2026-01-01", "2027-12-31")
    assert (rows["5.2.1"]["start_date"], rows["5.2.1"]["end_date"]) == ("2026-03-01", None)
    assert rows["5.2.1"]["field"] == "Arbeit und Ausbildung"
    assert rows["5.2.2"]["status"] == "verstetigt"
    assert rows["1.1.4"]["contact_org"] == "Volkshochschule"


def test_zeitraum_problems_and_laufend_keeps_the_start(cli, small_db, tmp_path):
    write(tmp_path / "a.csv", "Nr;Beginn;Ende\n1.1.1;01.02.2026;31.12.2026\n")
    assert import_(cli, small_db, tmp_path / "a.csv").exit_code == 0
    path = write(tmp_path / "b.csv", "Nr;Zeitraum\n1.1.1;laufend\n")
    assert import_(cli, small_db, path).exit_code == 0
    row = measures(small_db)["1.1.1"]
    assert (row["start_date"], row["end_date"]) == ("2026-02-01", None)
    before = file_digest(small_db)
    path = write(tmp_path / "c.csv", "Nr;Zeitraum\n1.1.1;irgendwann\n1.1.2;2028–2026\n")
    result = import_(cli, small_db, path)
    assert result.exit_code == 1
    assert "Zeile 2, Spalte „Zeitraum“: „irgendwann“ ist kein gültiger Zeitraum" in result.stderr
    assert "Zeile 3, Spalte „Zeitraum“: „2028–2026“: der Beginn liegt nach dem Ende" in result.stderr
    assert file_digest(small_db) == before


def test_new_measure_without_field_column_and_unknown_prefix(cli, empty_db, tmp_path):
    before = file_digest(empty_db)
    path = write(tmp_path / "l.csv", "Nr;Maßnahme\n9.1;Etwas Neues\n")
    result = import_(cli, empty_db, path)
    assert result.exit_code == 1
    assert "Zeile 2: Die neue Maßnahme „9.1“ braucht „Handlungsfeld“" in result.stderr
    assert file_digest(empty_db) == before


def test_truncated_json_is_named_as_such(cli, demo_db, tmp_path):
    from tests.conftest import file_digest

    broken = tmp_path / "kaputt.json"
    broken.write_text('[{"code": "1.1.1"', encoding="utf-8")
    before = file_digest(demo_db)
    r = cli(demo_db, "import", str(broken))
    assert r.exit_code == 1
    assert "„kaputt.json“ ist keine gültige JSON-Datei (Zeile 1" in r.stderr
    assert file_digest(demo_db) == before


def test_only_the_field_changes_and_every_other_value_stays(cli, small_db, tmp_path):
    before = measures(small_db)["1.1.2"]
    path = write(tmp_path / "l.csv", "Nr;Maßnahme;Handlungsfeld\n1.1.2;Elternkurse in der Hauptstraße;5\n")
    result = import_(cli, small_db, path)
    assert result.exit_code == 0, result.output
    row = measures(small_db)["1.1.2"]
    assert row["field"] == "Arbeit und Ausbildung"
    assert {k: row[k] for k in ("title", "status", "review_date", "description", "search")} == \
        {k: before[k] for k in ("title", "status", "review_date", "description", "search")}
    assert row["version"] == before["version"] + 1
    assert [c[:3] for c in changes(small_db, "1.1.2")][-1:] == [("field", "Bildung und Sprache", "Arbeit und Ausbildung")]


def test_a_few_rows_into_a_large_concept(cli, demo_db, tmp_path):
    """A file with far fewer codes than the concept (the stored ones are looked up one by one)."""
    rows = measures(demo_db)
    code = sorted(rows)[7]
    status = "verworfen" if rows[code]["status"] != "verworfen" else "geplant"
    path = write(tmp_path / "l.csv", f"Nr;Status;Notizen\n{code};{status};{rows[code]['notes'] or ''}\n")
    result = import_(cli, demo_db, path, "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["counts"]["changed"] == 1 and summary["counts"]["unchanged"] == 0
    assert summary["changed"][0]["changes"][0]["attribute"] == "status"
    after = measures(demo_db)
    assert after[code]["status"] == status
    assert after[code]["notes"] == rows[code]["notes"]
    assert len(after) == len(rows)


def test_lines_are_read_a_block_at_a_time_as_splitlines_reads_them():
    import random

    from massnahmen.importing.reading import _lines

    rng = random.Random(7)
    for _ in range(500):
        text = "".join(rng.choice(["a", "ä", ";", '"', "\n", "\r", "\r\n"]) for _ in range(rng.randint(0, 80)))
        for block in (1, 2, 5, 1 << 18):
            assert list(_lines(text, block)) == text.splitlines(keepends=True)


def test_a_code_three_times_names_all_three_lines_on_each(cli, small_db, tmp_path):
    before = file_digest(small_db)
    path = write(tmp_path / "l.csv", f"{HEADER}\n4.1;A;1;;\n4.2;B;1;;\n4.1;C;1;;\n4.1;D;1;;\n")
    result = import_(cli, small_db, path)
    assert result.exit_code == 1
    for line in (2, 4, 5):
        assert f"Zeile {line}, Spalte „Nr“: „4.1“ kommt mehrfach vor (Zeilen 2, 4, 5)" in result.stderr
    assert "4.2“ kommt" not in result.stderr
    assert file_digest(small_db) == before


def test_records_with_and_without_quotes_are_read_as_the_csv_module_reads_them():
    import csv as csv_module

    from massnahmen.importing.reading import read_csv_text

    text = ('Nr;Maßnahme;Notizen\r\n1.1;"Titel; mit Semikolon";a\r\n\r\n1.2;ohne;b;\r\n1.3;"zwei\r\nZeilen";c\r\n'
            '  \r\n1.4;ein "Zitat" mitten;d\r\n1.5;\x00;e\r\n1.6;"";\r\n1.7;letzte;ohne Zeilenende')
    delimiter, header_line, header, rows = read_csv_text(text, None, lambda cells: cells[:1] == ["Nr"])
    expected = list(csv_module.reader(text.splitlines(keepends=True), delimiter=";", strict=False))
    assert (delimiter, header_line, header) == (";", 1, expected[0])
    # blank records keep their numbers but are not kept themselves (50 MB of empty lines stay small)
    assert rows == [(n, cells) for n, cells in enumerate(expected[1:], start=2) if "".join(cells).strip()]
    assert rows[1] == (4, ["1.2", "ohne", "b", ""]) and rows[2] == (5, ["1.3", "zwei\r\nZeilen", "c"])
