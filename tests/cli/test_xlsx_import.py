"""massnahmen import of spreadsheets (.xlsx, .xlsm, .xls, .ods): the files in tests/fixtures/xlsx were
saved by LibreOffice (make_fixtures.sh); smaller cases are written here with XlsxWriter."""

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
import xlsxwriter

from tests.conftest import file_digest

FIXTURES = Path(__file__).parent.parent / "fixtures" / "xlsx"
CSV_FIXTURES = Path(__file__).parent.parent / "fixtures" / "csv"


def measures(db: Path) -> dict[str, dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = conn.execute("SELECT m.*, f.name AS field FROM measures m JOIN fields f ON f.id = m.field_id").fetchall()
    conn.close()
    return {r["code"]: dict(r) for r in rows}


def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = xlsxwriter.Workbook(path, {"strings_to_formulas": False})
    day = book.add_format({"num_format": "dd.mm.yyyy"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(r, c, value, day)
                elif value is not None:
                    sheet.write(r, c, value)
    book.close()
    return path


@pytest.mark.parametrize("ext", ["xlsx", "ods", "xls"])
def test_a_partner_workbook_saved_by_libreoffice(cli, empty_db, ext):
    result = cli(empty_db, "import", str(FIXTURES / f"partner.{ext}"), "--on-error", "skip", "--format", "json")
    summary = json.loads(result.stdout)
    assert summary["counts"]["failed"] == 2
    assert sorted(summary["new"]) == ["1.1.1", "1.10", "3"]
    problems = [p["text"] for p in summary["problems"]]
    assert any(t.startswith("Blatt „Maßnahmen“, Zeile 6, Spalte „Nr.“: „1.2“ steht als Zahl") for t in problems)
    assert "Blatt „Maßnahmen“, Zeile 8, Spalte „Wiedervorlage“: „31.11.2026“ ist kein gültiges Datum" in problems
    notes = " ".join(summary["notes"])
    assert "Blatt „Maßnahmen“ gelesen" in notes and "Kopfzeile in Zeile 3" in notes
    assert "(„3“)" in notes  # a whole number Nr. is read, and said
    assert any("Interne ID" in w for w in summary["warnings"])  # the hidden column is named
    rows = measures(empty_db)
    assert rows["1.1.1"]["title"] == "Sprachkurs für Eltern"  # the formula's cached value
    assert rows["1.1.1"]["review_date"] == "2027-03-31"  # a date cell
    assert rows["1.1.1"]["status"] == "in_umsetzung" and rows["1.1.1"]["assessment"] == "gelb"
    assert rows["1.10"]["title"] == "Elterncafé mit Sprachpaten"  # never merged with „1.1“
    assert "1.2" not in rows


def test_messages_name_sheet_row_and_column_and_abort_writes_nothing(cli, empty_db):
    before = file_digest(empty_db)
    result = cli(empty_db, "import", str(FIXTURES / "partner.xlsx"))
    assert result.exit_code == 1
    assert "Blatt „Maßnahmen“, Zeile 8, Spalte „Wiedervorlage“: „31.11.2026“ ist kein gültiges Datum" in result.stderr
    assert file_digest(empty_db) == before


def test_the_existing_libreoffice_xlsx_reads_like_its_csv(cli, empty_db):
    from_xlsx = json.loads(cli(empty_db, "import", str(CSV_FIXTURES / "massnahmenplan.xlsx"), "--dry-run",
                               "--format", "json").stdout)
    from_csv = json.loads(cli(empty_db, "import", str(CSV_FIXTURES / "massnahmenplan_utf8.csv"), "--dry-run",
                              "--format", "json").stdout)
    for key in ("counts", "new", "changed", "created"):
        assert from_xlsx[key] == from_csv[key], key
    assert [(p["line"], p["column"], p["message"]) for p in from_xlsx["problems"]] == \
        [(p["line"], p["column"], p["message"]) for p in from_csv["problems"]]


def test_sheet_option_and_the_first_matching_sheet(cli, empty_db, tmp_path):
    path = workbook(tmp_path / "liste.xlsx", {
        "Info": [["Nur Text"]],
        "Alt": [["Nr", "Maßnahme", "Handlungsfeld"], ["1.1.8", "Alte Liste", "1"]],
        "Neu": [["Nr", "Maßnahme", "Handlungsfeld"], ["1.1.9", "Neue Liste", "1"]],
    })
    result = cli(empty_db, "import", str(path), "--dry-run")
    assert "neu: 1.1.8" in result.stdout and "Blatt „Alt“ gelesen" in result.stderr
    result = cli(empty_db, "import", str(path), "--dry-run", "--sheet", "neu")
    assert "neu: 1.1.9" in result.stdout
    result = cli(empty_db, "import", str(path), "--sheet", "Fehlt")
    assert result.exit_code == 2 and "ein Blatt „Fehlt“ gibt es" in result.stderr and "„Neu“" in result.stderr


def test_map_and_trailing_empty_rows(cli, empty_db, tmp_path):
    rows = [["Kennziffer", "Titel", "Handlungsfeld", "Verantwortliche Stelle"],
            ["1.1.5", "Sprachpaten", "1", "Volkshochschule"]] + [[None] * 4] * 50 + [["", "", "", ""]]
    path = workbook(tmp_path / "ag.xlsx", {"Tabelle1": rows})
    result = cli(empty_db, "import", str(path), "--map", "Kennziffer=Nr", "--map", "Verantwortliche Stelle=Zuständig")
    assert result.exit_code == 0, result.output
    assert "1 Zeile)" in result.stdout
    assert measures(empty_db)["1.1.5"]["contact_id"] is not None


def test_rejects_of_a_spreadsheet_are_csv_and_say_so(cli, empty_db, tmp_path):
    rejects = tmp_path / "fehler.csv"
    result = cli(empty_db, "import", str(FIXTURES / "partner.xlsx"), "--on-error", "skip", "--rejects", str(rejects))
    assert result.exit_code == 0
    assert "als CSV-Datei" in result.stderr
    text = rejects.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].endswith(";Fehler") and "31.11.2026" in text
    result = cli(empty_db, "import", str(FIXTURES / "partner.xlsx"), "--rejects", str(tmp_path / "fehler.xlsx"))
    assert result.exit_code == 2 and "schreibt eine CSV-Datei" in result.stderr


def test_a_renamed_workbook_and_a_damaged_one(cli, empty_db, tmp_path):
    renamed = tmp_path / "liste.dat"
    renamed.write_bytes((FIXTURES / "partner.xlsx").read_bytes())
    result = cli(empty_db, "import", str(renamed), "--dry-run", "--on-error", "skip")
    assert "Blatt „Maßnahmen“" in result.stdout
    broken = tmp_path / "kaputt.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    result = cli(empty_db, "import", str(broken))
    assert result.exit_code == 1 and "lässt sich nicht als Tabelle lesen" in result.stderr
    result = cli(empty_db, "import", str(CSV_FIXTURES / "massnahmenplan_utf8.csv"), "--sheet", "X")
    assert result.exit_code == 2 and "--sheet: Ein Blatt gibt es nur in Tabellendateien" in result.stderr


def test_a_date_in_the_nr_column_is_refused(cli, empty_db, tmp_path):
    path = workbook(tmp_path / "d.xlsx", {"Liste": [["Nr", "Maßnahme", "Handlungsfeld"],
                                                    [date(2026, 1, 3), "Datum statt Nr.", "1"]]})
    result = cli(empty_db, "import", str(path))
    assert result.exit_code == 1 and "steht als Datum in der Tabelle" in result.stderr


def test_an_xlsm_workbook_is_read_like_an_xlsx(cli, empty_db, tmp_path):
    path = tmp_path / "mit-makros.xlsm"
    path.write_bytes((FIXTURES / "partner.xlsx").read_bytes())
    result = cli(empty_db, "import", str(path), "--dry-run", "--on-error", "skip")
    assert "Excel-Arbeitsmappe mit Makros, Blatt „Maßnahmen“" in result.stdout
