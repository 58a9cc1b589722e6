"""Tree-shaped tables (a city's monitoring export: rows linked by id/parent, Sachstand rows named by
their period, the Ampel as colours): fixtures in tests/fixtures/tree, made by make_fixtures.sh."""

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import file_digest

TREE = Path(__file__).parent.parent / "fixtures" / "tree"


def rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    out = conn.execute(sql).fetchall()
    conn.close()
    return out


@pytest.mark.parametrize("name", ["monitoring_baum.csv", "monitoring_baum.xlsx"])
def test_a_tree_starts_a_concept(cli, empty_db, tmp_path, name):
    before = file_digest(empty_db)
    result = cli(empty_db, "import", str(TREE / name), "--dry-run")
    assert result.exit_code == 0, result.output
    assert file_digest(empty_db) == before
    result = cli(empty_db, "import", str(TREE / name), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["new"] == ["1.1", "1.2", "1.3", "2.1", "119", "3.1", "3.2"]
    # „Handlungsfeld 1: Sprache und Bildung“: code 1 is „Bildung und Sprache“ here, so the next free one;
    # „Handlungsfeld 2: Arbeit und Ausbildung“ is field 5 of that name
    assert data["created"]["fields"] == ["6 Sprache und Bildung", "3 Wohnen und Zusammenleben"]
    assert len(data["reviews"]["new"]) == 10 and data["reviews"]["placeholders"] == 2
    assert any("„#01873B“ → grün" in n and "„white“ → nicht bewertet" in n and "„orange“ → gelb" in n
               for n in data["notes"])
    assert rows(empty_db, "SELECT m.code, m.title, f.name, m.assessment, m.description FROM measures m JOIN fields f "
                          "ON f.id = m.field_id WHERE m.code IN ('3.1', '119') ORDER BY m.code") == [
        ("119", "Ausbildungspatenschaften", "Arbeit und Ausbildung", "gruen",
         "Ehrenamtliche Patinnen und Paten begleiten Auszubildende."),
        ("3.1", "Quartiersmanagement Nord", "Wohnen und Zusammenleben", "gelb",
         "Ansprechpartner im Quartier, Nachbarschaftsfeste, Mieterberatung."),
    ]
    assert rows(empty_db, "SELECT r.date, r.assessment, r.author, r.note FROM reviews r JOIN measures m "
                          "ON m.id = r.measure_id WHERE m.code = '3.1' ORDER BY r.date") == [
        ("2016-12-31", "gruen", f"Import {name}", "Büro im Stadtteilhaus eröffnet."),
        ("2018-12-31", "rot", f"Import {name}", "Stelle seit Herbst unbesetzt, Angebote ruhen."),
        ("2020-12-31", "gelb", f"Import {name}", "Stelle wieder besetzt; Feste finden wieder statt."),
    ]
    assert rows(empty_db, "SELECT assessment FROM measures WHERE code = '1.1'") == [("gruen",)]  # placeholder: not latest
    digest = file_digest(empty_db)
    again = cli(empty_db, "import", str(TREE / name))
    assert again.exit_code == 0 and "Keine Änderung" in again.stdout
    assert file_digest(empty_db) == digest


def test_a_broken_tree_is_refused_naming_line_and_column(cli, empty_db, tmp_path):
    path = tmp_path / "baum.csv"
    path.write_text("id,parent,title,text,color\r\n1,,Handlungsfeld 1: Bildung,,\r\n2,1,1.1 Kurse,,\r\n"
                    "3,9,Sachstand 2016,Läuft,green\r\n", encoding="utf-8")
    before = file_digest(empty_db)
    result = cli(empty_db, "import", str(path))
    assert result.exit_code == 1
    assert "Zeile 4, Spalte „parent“: die Zeile „9“ gibt es nicht" in result.stderr
    assert file_digest(empty_db) == before


def test_an_unknown_colour_is_said_and_not_rated(cli, empty_db, tmp_path):
    path = tmp_path / "baum.csv"
    path.write_text("id,parent,title,text,color\r\n1,,Handlungsfeld 1: Bildung,,\r\n2,1,1.1 Kurse,,\r\n"
                    "3,2,Sachstand 2016,Läuft,lila\r\n", encoding="utf-8")
    result = cli(empty_db, "import", str(path))
    assert result.exit_code == 0, result.output
    assert "Unbekannte Farbe(n), als „nicht bewertet“ übernommen: „lila“ (Zeile 4)" in result.stderr
    assert rows(empty_db, "SELECT date, assessment, note FROM reviews") == [("2016-12-31", None, "Läuft")]


def test_a_flat_list_with_heading_rows_is_read_as_a_tree(cli, empty_db, tmp_path):
    path = tmp_path / "flach.csv"
    path.write_text("Nr.;Titel;Text;Ampel\r\n;Handlungsfeld 3: Wohnen;;\r\n3.1;Quartiersmanagement;;\r\n"
                    ";Planung;Büro im Quartier.;\r\n;Sachstand 2015 / 2016;Büro eröffnet.;#01873B\r\n"
                    ";Sachstand 2017 / 2018;Stelle unbesetzt.;#AE1B1B\r\n3.2;Wohnraum;Vermittlung.;\r\n"
                    ";Sachstand 2017/18;unverändert;white\r\n", encoding="utf-8")
    before = file_digest(empty_db)
    assert cli(empty_db, "import", str(path), "--dry-run").exit_code == 0
    assert file_digest(empty_db) == before
    result = cli(empty_db, "import", str(path))
    assert result.exit_code == 0, result.output
    assert "Liste mit Überschriften und Sachstandszeilen erkannt (Spalte „Titel“)" in result.stderr
    assert rows(empty_db, "SELECT m.code, m.title, f.code, f.name, m.description, m.assessment FROM measures m "
                          "JOIN fields f ON f.id = m.field_id ORDER BY m.code") == [
        ("3.1", "Quartiersmanagement", "3", "Wohnen", "Büro im Quartier.", "rot"),
        ("3.2", "Wohnraum", "3", "Wohnen", "Vermittlung.", None),
    ]
    assert rows(empty_db, "SELECT date, assessment, note FROM reviews ORDER BY date") == [
        ("2016-12-31", "gruen", "Büro eröffnet."), ("2018-12-31", "rot", "Stelle unbesetzt.")]
    digest = file_digest(empty_db)
    assert "Keine Änderung" in cli(empty_db, "import", str(path)).stdout
    assert file_digest(empty_db) == digest


def test_a_sachstand_row_above_every_measure_is_refused(cli, empty_db, tmp_path):
    path = tmp_path / "flach.csv"
    path.write_text("Nr.;Titel;Text\r\n;Sachstand 2016;Läuft.\r\n1.1;Kurse;\r\n", encoding="utf-8")
    before = file_digest(empty_db)
    result = cli(empty_db, "import", str(path))
    assert result.exit_code == 1
    assert "Zeile 2, Spalte „Titel“: „Sachstand 2016“ steht unter keiner Maßnahme" in result.stderr
    assert file_digest(empty_db) == before
