"""Wide Sachstand tables as offices keep them: every common period title, a table of measures with
their Sachstände that starts a concept, placeholders, Sachstände dated in the future, the import as
their author."""

import json
import sqlite3
from pathlib import Path

from tests.conftest import file_digest

PERIODS = ["Sachstand 2015/2016", "Sachstand 2017/18", "Sachstand 2019–2020", "Sachstand 2. Hj. 2025",
           "Sachstand Q3/2026", "Sachstand 03/2026", "Stand 15.03.2026"]
DAYS = ["2016-12-31", "2018-12-31", "2020-12-31", "2025-12-31", "2026-09-30", "2026-03-31", "2026-03-15"]


def write(path: Path, lines: list[list[str]]) -> Path:
    path.write_text("\ufeff" + "".join(";".join(cells) + "\r\n" for cells in lines), encoding="utf-8")
    return path


def reviews(db: Path, code: str | None = None) -> list[tuple]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT m.code, r.date, r.note, r.author, r.status, r.assessment FROM reviews r JOIN measures m "
                        "ON m.id = r.measure_id WHERE ? IS NULL OR m.code = ? ORDER BY m.code, r.date",
                        (code, code)).fetchall()
    conn.close()
    return rows


def count(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    n = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    conn.close()
    return n


def test_every_common_period_title_is_a_dated_sachstand(cli, small_db, tmp_path):
    path = write(tmp_path / "wide.csv", [["Nr.", "Maßnahme", *PERIODS],
                                         ["1.1.1", "Sprachcafé", *(f"Text {i}" for i in range(len(PERIODS)))]])
    result = cli(small_db, "import", str(path))
    assert result.exit_code == 0, result.output
    assert sorted((r[1], r[2]) for r in reviews(small_db, "1.1.1")) == sorted(
        (day, f"Text {i}") for i, day in enumerate(DAYS))
    assert "Import fertig: 7 Sachstände übernommen" in result.stdout


def test_a_sachstand_column_without_a_date_is_an_error_naming_it(cli, small_db, tmp_path):
    path = write(tmp_path / "wide.csv", [["Nr.", "Sachstand 2023", "Sachstand Frühjahr 2025"],
                                         ["1.1.1", "Gut angelaufen", "Zwei Gruppen"]])
    before = file_digest(small_db)
    result = cli(small_db, "import", str(path))
    assert result.exit_code == 1
    assert "Die Spalte „Sachstand Frühjahr 2025“ sieht nach Sachständen aus, aber kein Datum" in result.stderr
    assert '--map "Sachstand Frühjahr 2025=31.12.2016"' in result.stderr
    assert file_digest(small_db) == before
    # the way out the message names: --map gives the column its date
    result = cli(small_db, "import", str(path), "--map", "Sachstand Frühjahr 2025=30.04.2025")
    assert result.exit_code == 0, result.output
    assert [(r[1], r[2]) for r in reviews(small_db, "1.1.1")] == [("2023-12-31", "Gut angelaufen"),
                                                                   ("2025-04-30", "Zwei Gruppen")]


def test_map_dates_a_column_by_its_period(cli, small_db, tmp_path):
    path = write(tmp_path / "wide.csv", [["Nr.", "Bericht 2015/2016", "Alt"], ["1.1.1", "Gut angelaufen", "x"]])
    result = cli(small_db, "import", str(path), "--map", "Bericht 2015/2016=Sachstand 2015/2016")
    assert result.exit_code == 0, result.output
    assert [(r[1], r[2]) for r in reviews(small_db, "1.1.1")] == [("2016-12-31", "Gut angelaufen")]


def test_a_table_of_measures_with_sachstaende_starts_a_concept(cli, empty_db, tmp_path):
    path = write(tmp_path / "wide_muenster.csv", [
        ["Nr.", "Maßnahme", "Handlungsfeld", "Status", "Sachstand 2015/2016", "Sachstand 2017/2018"],
        ["M-Ü1", "Sprachkurse für Eltern", "Bildung und Sprache", "in Arbeit", "Kurse geplant", "Zwei Kurse laufen"],
        ["M-Ü2", "Willkommenslotsen", "Ehrenamt", "laufend", "Gruppe gegründet", "Kein neuer Sachstand"],
    ])
    before = file_digest(empty_db)
    result = cli(empty_db, "import", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "neuer Sachstand: M-Ü1 31.12.2016 – Kurse geplant" in result.stdout
    assert file_digest(empty_db) == before
    result = cli(empty_db, "import", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["new"] == ["M-Ü1", "M-Ü2"] and len(data["reviews"]["new"]) == 3
    assert data["reviews"]["placeholders"] == 1
    assert reviews(empty_db) == [
        ("M-Ü1", "2016-12-31", "Kurse geplant", "Import wide_muenster.csv", None, None),
        ("M-Ü1", "2018-12-31", "Zwei Kurse laufen", "Import wide_muenster.csv", None, None),
        ("M-Ü2", "2016-12-31", "Gruppe gegründet", "Import wide_muenster.csv", None, None),
    ]
    digest = file_digest(empty_db)
    result = cli(empty_db, "import", str(path))  # twice: nothing changes
    assert result.exit_code == 0, result.output
    assert "Keine Änderung" in result.stdout
    assert file_digest(empty_db) == digest


def test_a_refused_row_takes_its_sachstaende_along_and_abort_writes_nothing(cli, empty_db, tmp_path):
    path = write(tmp_path / "wide.csv", [
        ["Nr.", "Maßnahme", "Handlungsfeld", "Status", "Sachstand 2016"],
        ["M-1", "Sprachkurse", "Bildung und Sprache", "in Arbeit", "Kurse geplant"],
        ["M-2", "Lotsen", "Ehrenamt", "gibt es nicht", "Gruppe gegründet"],
    ])
    before = file_digest(empty_db)
    result = cli(empty_db, "import", str(path))
    assert result.exit_code == 1
    assert "Zeile 3, Spalte „Status“" in result.stderr
    assert file_digest(empty_db) == before
    result = cli(empty_db, "import", str(path), "--on-error", "skip")
    assert result.exit_code == 0, result.output
    assert [r[0] for r in reviews(empty_db)] == ["M-1"]


def test_placeholders_are_skipped_and_counted(cli, small_db, tmp_path):
    path = write(tmp_path / "wide.csv", [["Nr.", "Maßnahme", "Sachstand 2023", "Sachstand 2024", "Sachstand 2025"],
                                         ["1.1.1", "Sprachcafé", "Gut angelaufen", "–", "siehe oben"],
                                         ["1.1.2", "Elternkurse", "Kein neuer Sachstand", "unverändert", "k.A."]])
    result = cli(small_db, "import", str(path))
    assert result.exit_code == 0, result.output
    assert [r[2] for r in reviews(small_db)] == ["Gut angelaufen"]
    assert "5 Platzhalter übersprungen" in result.stdout
    long = write(tmp_path / "lang.csv", [["Nr.", "Datum", "Sachstand"], ["1.1.2", "01.01.2024", "wie oben"]])
    result = cli(small_db, "import", str(long), "--format", "json")
    assert json.loads(result.stdout)["placeholders"] == 1 and len(reviews(small_db)) == 1


def test_a_period_that_ends_after_today_is_refused(cli, small_db, tmp_path):
    path = write(tmp_path / "wide.csv", [["Nr.", "Sachstand 2025", "Sachstand 2030"],
                                         ["1.1.1", "Gut angelaufen", "Vertippt"]])
    before = file_digest(small_db)
    result = cli(small_db, "import", str(path))
    assert result.exit_code == 1
    assert "Spalte „Sachstand 2030“: der Zeitraum endet am 31.12.2030, das liegt in der Zukunft" in result.stderr
    assert '--map "Sachstand 2030=21.11.2026"' in result.stderr
    assert file_digest(small_db) == before
    long = write(tmp_path / "lang.csv", [["Nr.", "Datum", "Sachstand"], ["1.1.1", "31.12.2036", "Vertippt"]])
    result = cli(small_db, "import", str(long))
    assert result.exit_code == 1
    assert "Zeile 2, Spalte „Datum“: „31.12.2036“ liegt in der Zukunft" in result.stderr
    assert file_digest(small_db) == before


def test_review_refuses_a_date_after_today(cli, small_db):
    before = file_digest(small_db)
    result = cli(small_db, "review", "1.1.1", "--note", "Kurs abgeschlossen", "--date", "31.12.2030")
    assert result.exit_code == 1
    assert "„31.12.2030“ liegt in der Zukunft" in result.stderr
    assert file_digest(small_db) == before
    result = cli(small_db, "review", "1.1.1", "--note", "Kurs läuft", "--date", "21.11.2026")  # today is fine
    assert result.exit_code == 0, result.output


def test_imported_sachstaende_show_the_import_as_author_and_no_empty_state(cli, small_db, tmp_path):
    path = write(tmp_path / "wide_muenster.csv", [["Nr.", "Sachstand 2013"], ["1.1.1", "Erste Gruppe"]])
    assert cli(small_db, "import", str(path)).exit_code == 0
    shown = cli(small_db, "show", "1.1.1").stdout
    assert "31.12.2013  Import wide_muenster.csv: Erste Gruppe" in shown
    assert "tester" not in shown.split("Letzte Sachstände")[1]
    assert ", nicht bewertet" not in shown


def test_an_ampel_column_per_period(cli, small_db, tmp_path):
    path = write(tmp_path / "wide.csv", [["Nr.", "Sachstand 2015/2016", "Ampel 2015/2016", "Sachstand 2017/18",
                                          "Ampel 2017/18"],
                                         ["1.1.1", "Gut angelaufen", "grün", "Verzögert", "gelb"]])
    result = cli(small_db, "import", str(path))
    assert result.exit_code == 0, result.output
    assert [(r[1], r[5]) for r in reviews(small_db, "1.1.1")] == [("2016-12-31", "gruen"), ("2018-12-31", "gelb")]
    assert "Ampel 2015/2016" not in result.stderr  # used, not „nicht übernommen“


def test_map_gives_a_recognised_period_another_day(cli, small_db, tmp_path):
    path = write(tmp_path / "wide.csv", [["Nr.", "Sachstand 2015/2016"], ["1.1.1", "Gut angelaufen"]])
    result = cli(small_db, "import", str(path), "--map", "Sachstand 2015/2016=30.06.2016")
    assert result.exit_code == 0, result.output
    assert [(r[1], r[2]) for r in reviews(small_db, "1.1.1")] == [("2016-06-30", "Gut angelaufen")]
