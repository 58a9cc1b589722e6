"""Sachstandsabfrage: request create, answers filled in by a partner (openpyxl here, LibreOffice for
the committed files in tests/fixtures/xlsx), request status."""

import csv
import io
import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import file_digest

ROOT = Path(__file__).parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "xlsx"
HEADER = ["Nr.", "Maßnahme", "Status", "Ampel", "Wiedervorlage", "Letzter Sachstand",
          "Neuer Sachstand", "Neuer Status", "Neue Ampel", "Neue Wiedervorlage", "Stand am"]
ZAHRA = "Sachstandsabfrage-1-Zahra Ahmadi.xlsx"


@pytest.fixture
def sample(tmp_path) -> Path:
    path = tmp_path / "sample.db"
    shutil.copy(ROOT / "sample.db", path)
    return path


def reviews(db: Path, code: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT r.date, r.author, r.note, r.status, r.assessment, r.next_review_date FROM reviews r "
                        "JOIN measures m ON m.id = r.measure_id WHERE m.code = ? ORDER BY r.id", (code,)).fetchall()
    conn.close()
    return rows


def create(cli, db, out: Path, *args):
    out.mkdir(exist_ok=True)
    return cli(db, "--user", "Integrationsbüro", "request", "create", "-o", str(out), *args)


def fill(source: Path, target: Path, rows: dict[int, dict[str, object]]) -> Path:
    book = openpyxl.load_workbook(source)
    sheet = book["Abfrage"]
    for row, values in rows.items():
        for title, value in values.items():
            sheet.cell(row=row, column=HEADER.index(title) + 1, value=value)
    book.save(target)
    return target


def codes_in(path: Path) -> list[str]:
    sheet = openpyxl.load_workbook(path)["Abfrage"]
    return [r[0] for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]]


# -- create ----------------------------------------------------------------------------------------
def test_create_writes_a_workbook_per_contact_and_a_list(cli, sample, tmp_path):
    out = tmp_path / "abfrage"
    result = create(cli, sample, out, "--answer-by", "31.12.2026")
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in out.glob("*.xlsx"))
    conn = sqlite3.connect(sample)
    expected = conn.execute("SELECT count(DISTINCT contact_id) FROM measures WHERE archived = 0 AND contact_id IS "
                            "NOT NULL AND status NOT IN ('umgesetzt', 'verworfen')").fetchone()[0]
    items = conn.execute("SELECT count(*), count(DISTINCT file_name) FROM request_items").fetchone()
    request = conn.execute("SELECT author, answer_by FROM requests").fetchall()
    conn.close()
    assert len(files) == expected == items[1]
    assert request == [("Integrationsbüro", "2026-12-31")]
    book = openpyxl.load_workbook(out / ZAHRA)
    assert book.sheetnames == ["Abfrage", "Hinweise", "massnahmen"]
    assert book["massnahmen"].sheet_state == "hidden"
    sheet = book["Abfrage"]
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet.protection.sheet and not sheet.protection.password
    assert sheet["A2"].protection.locked and sheet["F2"].protection.locked
    assert not sheet["G2"].protection.locked and not sheet["K2"].protection.locked
    assert sheet["A2"].fill.fgColor.rgb.endswith("E7E6E6")  # greyed
    kinds = sorted(v.type for v in sheet.data_validations.dataValidation)
    assert kinds == ["date", "date", "list", "list"]
    notes = " ".join(str(c.value) for c in book["Hinweise"]["A"] if c.value)
    assert "31.12.2026" in notes and "Neuer Sachstand" in notes
    # the answer goes to the office of the concept, not to the user who ran the command
    assert "Landratsamt Musterhausen, Stabsstelle Integration" in notes and "Integrationsbüro" not in notes
    assert "leer = der Tag, an dem die Datei zuletzt gespeichert wurde" in notes
    with open(out / "Sachstandsabfrage-1-Verteiler.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert len(rows) == expected
    zahra = next(r for r in rows if r["Name"] == "Zahra Ahmadi")
    assert zahra["E-Mail"] == "zahra.ahmadi@bruecke-verbund.example.org" and zahra["Datei"] == ZAHRA
    assert int(zahra["Maßnahmen"]) == len(codes_in(out / ZAHRA))


def _workbook_text(path: Path) -> str:
    """Every part of an xlsx (sheets, shared strings, document properties) as one text."""
    import zipfile

    with zipfile.ZipFile(path) as book:
        return "\n".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())


@pytest.mark.parametrize("office", ["", "Integrationsbüro Musterhausen"])
def test_a_workbook_sent_out_never_names_the_login(cli, sample, tmp_path, monkeypatch, office):
    import getpass

    monkeypatch.delenv("MASSNAHMEN_USER", raising=False)
    monkeypatch.setattr(getpass, "getuser", lambda: "kolja.kowalski")
    conn = sqlite3.connect(sample)
    conn.execute("UPDATE concept SET office = ?", (office or None,))
    conn.commit()
    conn.close()
    out = tmp_path / "abfrage"
    out.mkdir()
    result = cli(sample, "request", "create", "-o", str(out), "--contact", "Zahra Ahmadi")
    assert result.exit_code == 0, result.output
    text = _workbook_text(out / ZAHRA)
    assert "kolja" not in text.lower()
    notes = " ".join(str(c.value) for c in openpyxl.load_workbook(out / ZAHRA)["Hinweise"]["A"] if c.value)
    if office:
        assert f"zurück an {office}." in notes
    else:
        assert "zurück an die Stelle, die sie Ihnen geschickt hat." in notes
    conn = sqlite3.connect(sample)
    assert conn.execute("SELECT author FROM requests").fetchall() == [("kolja.kowalski",)]  # the office's own record
    conn.close()


def test_create_for_chosen_contacts_and_field(cli, sample, tmp_path):
    out = tmp_path / "a"
    result = create(cli, sample, out, "--contact", "Zahra Ahmadi", "--contact", "Jobcenter Landkreis Musterhausen",
                    "--field", "5")
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in out.glob("*.xlsx"))
    assert files == ["Sachstandsabfrage-1-Jobcenter Landkreis Musterhausen.xlsx"]
    assert all(code.startswith("5.") for code in codes_in(out / files[0]))
    result = create(cli, sample, tmp_path / "b", "--answer-by", "01.01.2020")
    assert result.exit_code == 2 and "Vergangenheit" in result.stderr
    result = cli(sample, "request", "create", "-o", str(tmp_path / "fehlt"))
    assert result.exit_code == 2


def test_a_foreign_file_of_the_same_name_is_not_replaced(cli, sample, tmp_path):
    out = tmp_path / "a"
    out.mkdir()
    (out / ZAHRA).write_text("meins")
    before = file_digest(sample)
    result = create(cli, sample, out, "--contact", "Zahra Ahmadi")
    assert result.exit_code == 1 and "wird nicht überschrieben" in result.stderr
    assert (out / ZAHRA).read_text() == "meins"
    conn = sqlite3.connect(sample)
    assert conn.execute("SELECT count(*) FROM requests").fetchone()[0] == 0  # forgotten again
    conn.close()
    assert before  # the database itself was opened and migrated, nothing else


# -- answers ---------------------------------------------------------------------------------------
def test_answer_round_trip(cli, sample, tmp_path):
    out = tmp_path / "a"
    assert create(cli, sample, out, "--contact", "Zahra Ahmadi").exit_code == 0
    codes = codes_in(out / ZAHRA)
    answer = fill(out / ZAHRA, tmp_path / "Antwort Brücke.xlsx", {
        2: {"Neuer Sachstand": "Kurs läuft mit 14 Teilnehmenden", "Neuer Status": "in Umsetzung",
            "Neue Ampel": "gelb", "Neue Wiedervorlage": date(2027, 3, 31), "Stand am": date(2026, 11, 15)},
        3: {"Neuer Sachstand": "Abgeschlossen", "Neuer Status": "erledigt", "Stand am": "14.11.2026"},
    })
    result = cli(sample, "import", str(answer), "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"{codes[0]}: würde übernommen" in result.stdout and "leer gelassen" in result.stdout
    assert reviews(sample, codes[0])[-1][1] != "Zahra Ahmadi"
    result = cli(sample, "import", str(answer))
    assert result.exit_code == 0, result.output
    assert reviews(sample, codes[0])[-1] == ("2026-11-15", "Zahra Ahmadi", "Kurs läuft mit 14 Teilnehmenden",
                                             "in_umsetzung", "gelb", "2027-03-31")
    last = reviews(sample, codes[1])[-1]
    assert last[:4] == ("2026-11-14", "Zahra Ahmadi", "Abgeschlossen", "umgesetzt")
    assert "Sicherung vor dem Import" in result.stderr
    before = file_digest(sample)
    result = cli(sample, "import", str(answer))  # the same answer twice
    assert result.exit_code == 0 and "Keine Änderung" in result.stdout
    assert file_digest(sample) == before
    status = json.loads(cli(sample, "request", "status", "--format", "json").stdout)
    contact = status[0]["contacts"][0]
    assert contact["answered_at"] and codes[0] not in contact["missing"] and codes[2] in contact["missing"]


def test_a_placeholder_in_an_answer_is_no_sachstand(cli, sample, tmp_path):
    out = tmp_path / "a"
    assert create(cli, sample, out, "--contact", "Zahra Ahmadi").exit_code == 0
    codes = codes_in(out / ZAHRA)
    answer = fill(out / ZAHRA, tmp_path / "antwort.xlsx", {
        2: {"Neuer Sachstand": "Kein neuer Sachstand"},
        3: {"Neuer Sachstand": "unverändert", "Neuer Status": "erledigt", "Stand am": "14.11.2026"},
    })
    result = cli(sample, "import", str(answer))
    assert result.exit_code == 0, result.output
    assert not [r for r in reviews(sample, codes[0]) if r[1] == "Zahra Ahmadi"]
    assert reviews(sample, codes[1])[-1][2] == "Rückmeldung zur Sachstandsabfrage: Status „umgesetzt“"


def test_a_measure_changed_by_the_office_is_shown_not_overwritten(cli, sample, tmp_path):
    out = tmp_path / "a"
    assert create(cli, sample, out, "--contact", "Zahra Ahmadi").exit_code == 0
    codes = codes_in(out / ZAHRA)
    answer = fill(out / ZAHRA, tmp_path / "antwort.xlsx", {
        2: {"Neuer Sachstand": "Läuft", "Neue Ampel": "rot"},
        3: {"Neuer Sachstand": "Auch gut"},
    })
    assert cli(sample, "edit", codes[0], "--title", "Im Amt umbenannt").exit_code == 0
    result = cli(sample, "import", str(answer), "--dry-run")
    assert result.exit_code == 1
    assert f"{codes[0]}: im Amt nach dem Versand geändert" in result.stderr and "Im Amt umbenannt" in result.stderr
    assert "Antwort: Sachstand „Läuft“, Ampel rot" in result.stderr and "--accept" in result.stderr
    result = cli(sample, "import", str(answer))
    assert result.exit_code == 1
    assert not [r for r in reviews(sample, codes[0]) if r[1] == "Zahra Ahmadi"]
    assert [r[2] for r in reviews(sample, codes[1]) if r[1] == "Zahra Ahmadi"] == ["Auch gut"]
    result = cli(sample, "import", str(answer), "--skip", codes[0])
    assert result.exit_code == 0 and not [r for r in reviews(sample, codes[0]) if r[1] == "Zahra Ahmadi"]
    result = cli(sample, "import", str(answer), "--accept", "all")
    assert result.exit_code == 0, result.output
    assert [r[2] for r in reviews(sample, codes[0]) if r[1] == "Zahra Ahmadi"] == ["Läuft"]


def test_bad_answer_cells_are_named(cli, sample, tmp_path):
    out = tmp_path / "a"
    assert create(cli, sample, out, "--contact", "Zahra Ahmadi").exit_code == 0
    codes = codes_in(out / ZAHRA)
    book = openpyxl.load_workbook(out / ZAHRA)
    sheet = book["Abfrage"]
    sheet["G2"], sheet["H2"] = "x", "fast fertig"
    sheet["G3"], sheet["J3"] = "y", "31.11.2026"
    sheet["A4"], sheet["G4"] = "9.9.9", "z"
    sheet["G5"], sheet["K5"] = "später", date(2027, 1, 1)
    sheet.append(["1.1.1", None, None, None, None, None, "fremd"])
    book.save(tmp_path / "antwort.xlsx")
    result = cli(sample, "import", str(tmp_path / "antwort.xlsx"))
    err = result.stderr
    assert result.exit_code == 1, result.output
    assert "Blatt „Abfrage“, Zeile 2, Spalte „Neuer Status“: „fast fertig“ ist unbekannt" in err
    assert "Blatt „Abfrage“, Zeile 3, Spalte „Neue Wiedervorlage“: „31.11.2026“ ist kein gültiges Datum" in err
    assert f"Blatt „Abfrage“, Zeile 4, Spalte „Nr.“: „9.9.9“ wurde geändert (verschickt wurde „{codes[2]}“)" in err
    assert f"Zeile {len(codes) + 2}, Spalte „Nr.“: „1.1.1“ gehört nicht zu dieser Abfrage" in err
    assert "Blatt „Abfrage“, Zeile 5, Spalte „Stand am“: „01.01.2027“ liegt in der Zukunft" in err
    data = json.loads(cli(sample, "import", str(tmp_path / "antwort.xlsx"), "--dry-run", "--format", "json").stdout)
    assert data["new"] == [] and len(data["problems"]) == 5
    assert not [r for c in codes for r in reviews(sample, c) if r[1] == "Zahra Ahmadi"]


@pytest.mark.parametrize("ext", ["xlsx", "ods", "xls"])
def test_an_answer_saved_by_libreoffice(cli, sample, tmp_path, ext):
    """The committed answer was filled in and saved by LibreOffice (make_fixtures.sh) for the same
    request on sample.db; its random token is the only thing the test copies over."""
    import python_calamine

    out = tmp_path / "a"
    assert create(cli, sample, out, "--contact", "Zahra Ahmadi").exit_code == 0
    path = tmp_path / f"umbenannt.{ext}"
    shutil.copy(FIXTURES / f"antwort_libreoffice.{ext}", path)
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    meta = {r[0]: r[1] for r in book.get_sheet_by_name("massnahmen").to_python()[1:7]}
    conn = sqlite3.connect(sample)
    # the fixture carries the one token per request of a request made before schema 8
    conn.execute("UPDATE requests SET token = ?, signed = 0 WHERE id = 1", (meta["token"],))
    conn.commit()
    conn.close()
    codes = codes_in(out / ZAHRA)
    result = cli(sample, "import", str(path))
    assert result.exit_code == 0, result.output
    assert reviews(sample, codes[0])[-1] == ("2026-11-15", "Zahra Ahmadi",
                                             "Kurs läuft mit 14 Teilnehmenden; zweiter Kurs ab Februar.",
                                             "in_umsetzung", "gelb", "2027-03-31")
    assert reviews(sample, codes[1])[-1][:4] == ("2026-11-14", "Zahra Ahmadi", "Abgeschlossen, Abschlussbericht folgt.",
                                                 "umgesetzt")
    before = file_digest(sample)
    assert "Keine Änderung" in cli(sample, "import", str(path)).stdout
    assert file_digest(sample) == before


def test_an_answer_of_another_database_is_refused(cli, sample, tmp_path):
    result = cli(sample, "import", str(FIXTURES / "antwort_libreoffice.xlsx"))
    assert result.exit_code == 1 and "gibt es in dieser Datenbank nicht" in result.stderr


# -- status ----------------------------------------------------------------------------------------
def test_status_lists_who_answered_and_the_reminders(cli, sample, tmp_path):
    out = tmp_path / "a"
    assert create(cli, sample, out, "--contact", "Zahra Ahmadi", "--contact", "Jobcenter Landkreis Musterhausen",
                  "--answer-by", "15.12.2026").exit_code == 0
    answer = fill(out / ZAHRA, tmp_path / "antwort.xlsx", {2: {"Neuer Sachstand": "Läuft"}})
    assert cli(sample, "import", str(answer)).exit_code == 0
    table = cli(sample, "request", "status").stdout
    assert "1 von 2 geantwortet" in table and "keine Antwort" in table and "15.12.2026" in table
    reminders = list(csv.reader(io.StringIO(cli(sample, "request", "status", "--format", "csv").stdout),
                                delimiter=";"))
    assert reminders[0][:3] == ["Abfrage", "Name", "E-Mail"]
    names = [r[1] for r in reminders[1:]]
    assert "Jobcenter Landkreis Musterhausen" in names
    jobcenter = next(r for r in reminders[1:] if r[1] == "Jobcenter Landkreis Musterhausen")
    assert jobcenter[2] == "info@jobcenter-musterhausen.example.org" and jobcenter[5] == ""


def test_an_empty_stand_am_means_the_day_the_file_was_saved_in_the_notes_and_the_readme(cli, sample, tmp_path):
    import os
    from datetime import datetime

    out = tmp_path / "a"
    assert create(cli, sample, out, "--contact", "Zahra Ahmadi").exit_code == 0
    code = codes_in(out / ZAHRA)[0]
    answer = fill(out / ZAHRA, tmp_path / "Antwort.xlsx", {2: {"Neuer Sachstand": "Ohne Datum beantwortet"}})
    saved = datetime(2026, 11, 3, 10, 0).timestamp()
    os.utime(answer, (saved, saved))
    result = cli(sample, "import", str(answer))
    assert result.exit_code == 0, result.output
    assert reviews(sample, code)[-1][:3] == ("2026-11-03", "Zahra Ahmadi", "Ohne Datum beantwortet")
    rule = "leer = der Tag, an dem die Datei zuletzt gespeichert wurde"
    notes = " ".join(str(c.value) for c in openpyxl.load_workbook(out / ZAHRA)["Hinweise"]["A"] if c.value)
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert rule in notes and rule in readme
