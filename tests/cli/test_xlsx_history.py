"""Importing Sachstand histories (long and wide, CSV and spreadsheet), and two refinements of the
CSV trial: the Zeitraum names the impossible date, a corrected rejects file imports as it is."""

import json
import sqlite3
from datetime import date
from pathlib import Path

import xlsxwriter

from tests.conftest import file_digest


def write(path: Path, text: str) -> Path:
    path.write_text("\ufeff" + text, encoding="utf-8")
    return path


def reviews(db: Path, code: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT r.date, r.note, r.status, r.assessment, r.next_review_date FROM reviews r JOIN "
                        "measures m ON m.id = r.measure_id WHERE m.code = ? ORDER BY r.date, r.id", (code,)).fetchall()
    conn.close()
    return rows


def measure(db: Path, code: str) -> tuple:
    conn = sqlite3.connect(db)
    row = conn.execute("SELECT status, assessment, review_date FROM measures WHERE code = ?", (code,)).fetchone()
    conn.close()
    return row


def test_long_history(cli, small_db, tmp_path):
    path = write(tmp_path / "verlauf.csv", "Nr.;Datum;Sachstand;Ampel;Status\r\n"
                 "1.1.1;31.12.2023;Erster Kurs gestartet;grün;in Arbeit\r\n"
                 "1.1.1;30.06.2024;Zweiter Kurs;gelb;\r\n"
                 "1.1.2;15.03.2025;Elternabend geplant;;\r\n")
    before = measure(small_db, "1.1.1")
    result = cli(small_db, "import", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "neu: 1.1.1 31.12.2023 – Erster Kurs gestartet" in result.stdout
    result = cli(small_db, "import", str(path))
    assert result.exit_code == 0, result.output
    assert reviews(small_db, "1.1.1") == [("2023-12-31", "Erster Kurs gestartet", "in_umsetzung", "gruen", None),
                                          ("2024-06-30", "Zweiter Kurs", None, "gelb", None)]
    assert measure(small_db, "1.1.1") == before  # past entries change nothing of the measure
    digest = file_digest(small_db)
    result = cli(small_db, "import", str(path))  # twice: nothing new
    assert result.exit_code == 0 and "Keine Änderung" in result.stdout
    assert file_digest(small_db) == digest


def test_wide_history_from_a_spreadsheet(cli, small_db, tmp_path):
    path = tmp_path / "sachstaende.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Sachstände")
    for r, row in enumerate([["Nr.", "Maßnahme", "Sachstand 2023", "Stand 03/2026", "Sachstand Q2/2025"],
                             ["1.1.1", "Sprachcafé", "Gut angelaufen", "Zwei Gruppen", ""],
                             ["5.1", "Jobmesse", "", "", "Messe durchgeführt"]]):
        sheet.write_row(r, 0, row)
    book.close()
    result = cli(small_db, "import", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["layout"] == "wide" and len(data["new"]) == 3
    assert reviews(small_db, "1.1.1") == [("2023-12-31", "Gut angelaufen", None, None, None),
                                          ("2026-03-31", "Zwei Gruppen", None, None, None)]
    assert reviews(small_db, "5.1") == [("2025-06-30", "Messe durchgeführt", None, None, None)]
    again = json.loads(cli(small_db, "import", str(path), "--format", "json").stdout)
    assert again["new"] == [] and again["existing"] == 3


def test_history_problems_name_row_and_column(cli, small_db, tmp_path):
    path = write(tmp_path / "verlauf.csv", "Nr.;Datum;Sachstand\r\n1.1.1;31.02.2024;Kaputt\r\n"
                 "9.9.9;01.01.2024;Gibt es nicht\r\n1.1.2;01.01.2024;Gut\r\n")
    before = file_digest(small_db)
    result = cli(small_db, "import", str(path))
    assert result.exit_code == 1
    assert "Zeile 2, Spalte „Datum“: „31.02.2024“ ist kein gültiges Datum" in result.stderr
    assert "Zeile 3, Spalte „Nr.“: die Maßnahme „9.9.9“ gibt es nicht" in result.stderr
    assert file_digest(small_db) == before
    result = cli(small_db, "import", str(path), "--on-error", "skip")
    assert result.exit_code == 0 and [r[1] for r in reviews(small_db, "1.1.2")] == ["Gut"]


def test_zeitraum_names_the_impossible_date(cli, small_db, tmp_path):
    path = write(tmp_path / "z.csv", "Nr;Maßnahme;Handlungsfeld;Zeitraum\r\n1.1.7;Kurs;1;31.02.2026–2027\r\n")
    result = cli(small_db, "import", str(path))
    assert result.exit_code == 1
    assert "Zeile 2, Spalte „Zeitraum“: „31.02.2026“ ist kein gültiges Datum (im Zeitraum „31.02.2026–2027“)" \
        in result.stderr


def test_a_corrected_rejects_file_imports_as_it_is(cli, small_db, tmp_path):
    path = write(tmp_path / "liste.csv", "Nr;Maßnahme;Handlungsfeld;Wiedervorlage\r\n"
                 "1.1.7;Kurs;1;31.11.2026\r\n1.1.8;Treff;1;01.12.2026\r\n")
    rejects = tmp_path / "fehler.csv"
    assert cli(small_db, "import", str(path), "--on-error", "skip", "--rejects", str(rejects)).exit_code == 0
    text = rejects.read_text(encoding="utf-8-sig").replace("31.11.2026", "30.11.2026")
    rejects.write_text(text, encoding="utf-8-sig")
    result = cli(small_db, "import", str(rejects))
    assert result.exit_code == 0, result.output
    assert "Fehler" not in result.stderr  # the reason column is no unknown column
    assert measure(small_db, "1.1.7")[2] == "2026-11-30"
    assert date.fromisoformat(measure(small_db, "1.1.8")[2]) == date(2026, 12, 1)


def test_a_new_contact_like_an_existing_one_is_reported(cli, small_db, tmp_path):
    path = write(tmp_path / "k.csv", "Nr;Maßnahme;Handlungsfeld;Zuständig\r\n1.1.7;Kurs;1;Jörg Weis\r\n"
                 "1.1.8;Treff;1;Anna Neu\r\n")
    for args in (("--dry-run",), ()):
        result = cli(small_db, "import", str(path), *args)
        assert result.exit_code == 0, result.output
        assert "Neuer Kontakt „Jörg Weis“ ähnelt dem vorhandenen „Jörg Weiß“" in result.stderr
        assert "„Anna Neu“ ähnelt" not in result.stderr
