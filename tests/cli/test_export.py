"""massnahmen export: CSV in the import's format, JSON per the contract, ICS when available; round trips."""

import csv
import io
import json
import sqlite3
import sys

from tests.conftest import file_digest

TRICKY = {
    "1.1.5": ("Kurs; mit \"Zitat\" und Umbruch", "Zeile eins\nZeile zwei; mit Semikolon\n\"zitiert\""),
    "1.1.6": ("[bold]Fett[/] <script>alert(1)</script>", "=SUMME(A1:A9)"),
    "1.1.7": ("-5 % Wartezeit", "@Jobcenter bitte prüfen"),
    "1.1.8": ("'=schon geschützt", "+49 3731 799-0"),
    "1.1.9": ("Straße, Übergänge & Öffnungszeiten – „Brücke“ e. V.", "Größe: ½ Stelle; Ärztin: Dr. Ğül"),
}


def add_tricky(db):
    from massnahmen.store.db import Store
    from massnahmen.store.measures import add_measure

    with Store.open(db) as store:
        for code, (title, notes) in TRICKY.items():
            add_measure(store, {"code": code, "title": title, "field": "1", "notes": notes, "indicator": notes,
                                "contact": "Jobcenter Testkreis", "start": "Q3/2026", "end": "2027"})


def test_csv_to_file_has_bom_german_header_and_dates(cli, small_db, tmp_path):
    out = tmp_path / "export.csv"
    result = cli(small_db, "export", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "3 Maßnahmen exportiert" in result.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfNr;Ma\xc3\x9fnahme;Beschreibung;Handlungsfeld;Ziel;Zust\xc3\xa4ndig;")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][-5:] == ["Wiedervorlage", "Finanzierung", "Indikator", "Herkunft", "Notizen"]
    first = dict(zip(rows[0], rows[1]))
    assert first["Nr"] == "1.1.1" and first["Wiedervorlage"] == "01.11.2026"
    assert first["Status"] == "in Umsetzung"
    assert (first["Zuständig"], first["Organisation"]) == ("Jörg Weiß", "Volkshochschule")
    assert b"\r\n" in data


def test_csv_to_stdout_has_no_bom(cli, small_db):
    result = cli(small_db, "export", "--status", "umgesetzt")
    assert result.exit_code == 0
    assert result.stdout.startswith("Nr;Maßnahme;")
    assert result.stdout.count("\n") == 2
    assert "5.1;Jobmesse für Geflüchtete" in result.stdout


def test_formula_cells_are_protected(cli, small_db, tmp_path):
    add_tricky(small_db)
    result = cli(small_db, "export", "--search", "summe")
    assert result.exit_code == 0, result.output
    row = next(csv.reader(io.StringIO(result.stdout.splitlines()[1]), delimiter=";"))
    assert "'=SUMME(A1:A9)" in row
    out = cli(small_db, "export").stdout
    assert ";'-5 % Wartezeit;" in out and ";'@Jobcenter bitte prüfen;" in out
    assert ";''=schon geschützt;" in out and ";'+49 3731 799-0;" in out


def test_round_trip_demo_and_tricky_text_is_unchanged(cli, demo_db, tmp_path):
    from massnahmen.store.db import Store
    from massnahmen.store.measures import add_measure

    with Store.open(demo_db) as store:
        for code, (title, notes) in TRICKY.items():
            add_measure(store, {"code": f"X{code}", "title": title, "field": "1", "notes": notes,
                                "description": notes, "partners": title})
    out = tmp_path / "alle.csv"
    assert cli(demo_db, "export", "-o", str(out)).exit_code == 0
    before = file_digest(demo_db)
    result = cli(demo_db, "import", str(out))
    assert result.exit_code == 0, result.output
    total = len(out.read_text(encoding="utf-8-sig").splitlines())
    assert "neu                        0" in result.stdout
    assert "geändert                   0" in result.stdout
    assert "Keine Änderung" in result.stdout
    assert file_digest(demo_db) == before
    # and into a fresh concept everything arrives as it was
    fresh = tmp_path / "frisch.db"
    assert cli(fresh, "init", "--name", "Frisch").exit_code == 0
    result = cli(fresh, "import", str(out))
    assert result.exit_code == 0, result.output
    again = tmp_path / "wieder.csv"
    assert cli(fresh, "export", "-o", str(again)).exit_code == 0
    assert again.read_bytes() == out.read_bytes()
    assert total > 100


def test_json_follows_the_contract(cli, small_db, tmp_path):
    result = cli(small_db, "export", "--format", "json", "--field", "1")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [m["code"] for m in data] == ["1.1.1", "1.1.2"]
    assert list(data[0]) == ["code", "title", "description", "field", "goal", "contact", "partners", "status",
                             "assessment", "priority", "start", "end", "review_date", "funding", "indicator",
                             "source", "notes", "updated_at"]
    assert data[0]["contact"] == {"name": "Jörg Weiß", "organisation": "Volkshochschule",
                                  "email": "joerg.weiss@vhs.example.org", "phone": "03731 799-1234"}
    assert data[0]["review_date"] == "2026-11-01" and data[1]["contact"] is None


def test_ics_export_names_the_concept_in_stable_uids(cli, small_db, tmp_path):
    from icalendar import Calendar

    out = tmp_path / "termine.ics"
    result = cli(small_db, "export", "--format", "ics", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "2 Wiedervorlagen offener Maßnahmen exportiert" in result.stderr  # 5.1 is closed
    first = [str(e["UID"]) for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")]
    cli(small_db, "export", "--format", "ics", "-o", str(out))
    assert [str(e["UID"]) for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")] == first
    other = tmp_path / "anders.ics"
    from massnahmen.store.catalog import set_concept
    from massnahmen.store.db import Store

    with Store.open(small_db) as store:
        set_concept(store, name="Ein anderes Konzept")
    cli(small_db, "export", "--format", "ics", "-o", str(other))
    assert set(str(e["UID"]) for e in Calendar.from_ical(other.read_bytes()).walk("VEVENT")).isdisjoint(first)


def test_nothing_found_exits_1(cli, small_db):
    result = cli(small_db, "export", "--search", "gibtesnicht")
    assert result.exit_code == 1
    assert "Keine Maßnahmen gefunden" in result.stderr


def test_wrong_format_and_output_folder(cli, small_db, tmp_path):
    result = cli(small_db, "export", "--format", "xlsx")  # a workbook is no text for the terminal
    assert result.exit_code == 2 and "--format xlsx braucht eine Datei" in result.stderr
    result = cli(small_db, "export", "--format", "xls")
    assert result.exit_code == 2 and "--format „xls“ ist unbekannt" in result.stderr
    result = cli(small_db, "export", "-o", str(tmp_path))
    assert result.exit_code == 2 and "ist ein Ordner" in result.stderr
    result = cli(small_db, "export", "-o", str(tmp_path / "fehlt" / "x.csv"))
    assert result.exit_code == 2 and "gibt es nicht" in result.stderr


def test_export_is_read_only(cli, small_db, tmp_path):
    before = file_digest(small_db)
    assert cli(small_db, "export", "-o", str(tmp_path / "a.csv")).exit_code == 0
    assert cli(small_db, "export", "--format", "json").exit_code == 0
    assert file_digest(small_db) == before
    conn = sqlite3.connect(small_db)
    assert conn.execute("SELECT count(*) FROM changes").fetchone()[0] == 3
    conn.close()
