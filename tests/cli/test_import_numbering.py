"""massnahmen import --nummerieren / --field: a working group's list numbered 1, 2, 3 … or with no
Nr. at all gets the next free Nr. of its Handlungsfeld, is recognised by its title when it comes
again, and never overwrites a measure."""

import json
import sqlite3
from pathlib import Path

import openpyxl

from tests.conftest import file_digest


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def measures(db: Path) -> dict[str, tuple]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT m.code, m.title, f.code, m.status, m.version FROM measures m "
                        "JOIN fields f ON f.id = m.field_id").fetchall()
    conn.close()
    return {code: (title, field, status, version) for code, title, field, status, version in rows}


def test_running_numbers_become_the_next_free_numbers_of_the_field(cli, small_db, tmp_path):
    before = measures(small_db)
    path = write(tmp_path / "ag.csv", "Nr;Maßnahme;Status\n1;Mieterfrühstück;geplant\n2;Wohnungsbörse;in Arbeit\n")
    result = cli(small_db, "import", str(path), "--field", "Bildung", "--nummerieren")
    assert result.exit_code == 0, result.output
    assert "Nr. vergeben: Zeile 2 → 1.2, Zeile 3 → 1.3" in result.stdout
    after = measures(small_db)
    assert after["1.2"][:3] == ("Mieterfrühstück", "1", "geplant")
    assert after["1.3"][:3] == ("Wohnungsbörse", "1", "in_umsetzung")
    assert {code: after[code] for code in before} == before  # nothing else touched


def test_rows_without_nr_column_and_the_field_pattern(cli, small_db, tmp_path):
    # field 5 has 5.1 → 5.2; the list has no Nr. column at all
    path = write(tmp_path / "liste.csv", "Maßnahme;Zuständig\nBewerbungstraining;Jobcenter Testkreis\n")
    result = cli(small_db, "import", str(path), "--field", "5", "--number")
    assert result.exit_code == 0, result.output
    assert "Nr. vergeben: Zeile 2 → 5.2" in result.stdout
    assert measures(small_db)["5.2"][:2] == ("Bewerbungstraining", "5")


def test_the_same_file_again_adds_nothing(cli, small_db, tmp_path):
    path = write(tmp_path / "ag.csv", "Nr;Maßnahme\n1;Mieterfrühstück\n2;Wohnungsbörse\n")
    assert cli(small_db, "import", str(path), "--field", "1", "--nummerieren").exit_code == 0
    digest = file_digest(small_db)
    # the same rows, spelled a little differently, in another order
    write(path, "Nr;Maßnahme\n1;  wohnungsbörse \n2;MIETERFRÜHSTÜCK\n")
    result = cli(small_db, "import", str(path), "--field", "1", "--nummerieren")
    assert result.exit_code == 0, result.output
    assert "Schon vorhanden (gleicher Titel im Handlungsfeld, unverändert): Zeile 2 = 1.3, Zeile 3 = 1.2" \
        in result.stdout
    assert "Keine Änderung" in result.stdout and "Nr. vergeben" not in result.stdout
    assert file_digest(small_db) == digest
    assert sorted(measures(small_db)) == ["1.1.1", "1.1.2", "1.2", "1.3", "5.1"]


def test_never_overwrites_an_existing_measure(cli, small_db, tmp_path):
    from massnahmen.store.db import Store
    from massnahmen.store.measures import add_measure

    with Store.open(small_db) as store:  # 1.2 is taken (in another field): skipped
        add_measure(store, {"code": "1.2", "title": "Fremde Nr.", "field": "5"})
    before = measures(small_db)
    path = write(tmp_path / "ag.csv", "Nr;Maßnahme;Status\n1;Neue Idee;geplant\n"
                                      "2;Elternkurse in der Hauptstraße;umgesetzt\n5;Zweite Idee;geplant\n")
    result = cli(small_db, "import", str(path), "--field", "1", "--nummerieren")
    assert result.exit_code == 0, result.output
    after = measures(small_db)
    assert {code: after[code] for code in before} == before  # the title's measure keeps its Status too
    assert after["1.3"][0] == "Neue Idee" and after["1.4"][0] == "Zweite Idee"
    assert "Zeile 3 = 1.1.2" in result.stdout
    assert "Nr. vergeben: Zeile 2 → 1.3, Zeile 4 → 1.4" in result.stdout


def test_the_same_title_twice_in_the_file_is_refused(cli, small_db, tmp_path):
    digest = file_digest(small_db)
    path = write(tmp_path / "ag.csv", "Nr;Maßnahme\n1;Mieterfrühstück\n2;Mieterfrühstück\n")
    result = cli(small_db, "import", str(path), "--field", "1", "--nummerieren")
    assert result.exit_code == 1
    assert "Zeile 3, Spalte „Maßnahme“: dieselbe Maßnahme wie Zeile 2" in result.stderr
    assert file_digest(small_db) == digest


def test_field_for_rows_without_one(cli, small_db, tmp_path):
    path = write(tmp_path / "liste.csv", "Nr;Maßnahme;Handlungsfeld\n7.1;Ohne Feld;\n7.2;Mit Feld;Arbeit\n")
    result = cli(small_db, "import", str(path), "--field", "1")
    assert result.exit_code == 0, result.output
    after = measures(small_db)
    assert after["7.1"][:2] == ("Ohne Feld", "1") and after["7.2"][:2] == ("Mit Feld", "5")
    # no Handlungsfeld column: --field wins over the field derived from the Nr.
    path = write(tmp_path / "ohne.csv", "Nr;Maßnahme\n5.9;Neu in Bildung\n")
    assert cli(small_db, "import", str(path), "-f", "Bildung und Sprache").exit_code == 0
    assert measures(small_db)["5.9"][:2] == ("Neu in Bildung", "1")
    # an existing measure with an empty Handlungsfeld cell keeps its field
    path = write(tmp_path / "leer.csv", "Nr;Maßnahme;Handlungsfeld\n5.1;Jobmesse für Geflüchtete;\n")
    result = cli(small_db, "import", str(path), "--field", "1")
    assert result.exit_code == 0, result.output
    assert measures(small_db)["5.1"][1] == "5"


def test_bad_field_is_refused_and_nothing_is_written(cli, small_db, tmp_path):
    digest = file_digest(small_db)
    path = write(tmp_path / "ag.csv", "Nr;Maßnahme\n1;Mieterfrühstück\n")
    result = cli(small_db, "import", str(path), "--field", "Mars", "--nummerieren")
    assert result.exit_code == 1
    assert "Handlungsfeld „Mars“ gibt es nicht; vorhanden: 1 Bildung und Sprache; 5 Arbeit und Ausbildung" \
        in result.stderr
    assert file_digest(small_db) == digest
    assert not list(tmp_path.glob("*sicherung*"))


def test_numbering_without_any_field_names_line_and_column(cli, small_db, tmp_path):
    digest = file_digest(small_db)
    path = write(tmp_path / "ag.csv", "Nr;Maßnahme;Handlungsfeld\n1;Mit Feld;5\n2;Ohne Feld;\n")
    result = cli(small_db, "import", str(path), "--nummerieren")
    assert result.exit_code == 1
    assert "Zeile 3, Spalte „Handlungsfeld“: darf nicht leer sein" in result.stderr
    assert file_digest(small_db) == digest
    other = write(tmp_path / "ohne.csv", "Nr;Maßnahme\n1;Ohne Feld\n")  # no Handlungsfeld column at all
    result = cli(small_db, "import", str(other), "--nummerieren")
    assert result.exit_code == 1
    assert "Zeile 2, Spalte „Nr“: keine Nr. und kein Handlungsfeld" in result.stderr
    assert file_digest(small_db) == digest
    result = cli(small_db, "import", str(path), "--nummerieren", "--on-error", "skip")
    assert result.exit_code == 0, result.output
    assert "Nr. vergeben: Zeile 2 → 5.2" in result.stdout and measures(small_db)["5.2"][0] == "Mit Feld"


def test_without_the_switch_an_empty_nr_is_still_refused(cli, small_db, tmp_path):
    digest = file_digest(small_db)
    path = write(tmp_path / "ag.csv", "Nr;Maßnahme;Handlungsfeld\n;Ohne Nr.;1\n")
    result = cli(small_db, "import", str(path))
    assert result.exit_code == 1 and "Zeile 2, Spalte „Nr“" in result.stderr
    path = write(tmp_path / "ohne.csv", "Maßnahme;Handlungsfeld\nOhne Nr.;1\n")
    result = cli(small_db, "import", str(path), "--field", "1")
    assert result.exit_code == 1 and "--nummerieren" in result.output
    assert file_digest(small_db) == digest


def test_dry_run_shows_the_numbers_it_would_give(cli, small_db, tmp_path):
    digest = file_digest(small_db)
    path = write(tmp_path / "ag.csv", "Nr;Maßnahme\n1;Mieterfrühstück\n2;Elternkurse in der Hauptstraße\n")
    result = cli(small_db, "import", str(path), "--field", "1", "--nummerieren", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Nr. würde vergeben: Zeile 2 → 1.2" in result.stdout
    assert "Zeile 3 = 1.1.2" in result.stdout
    assert file_digest(small_db) == digest


def test_json_summary_lists_given_and_recognised_numbers(cli, small_db, tmp_path):
    path = write(tmp_path / "ag.csv", "Nr;Maßnahme\n1;Mieterfrühstück\n2;Elternkurse in der Hauptstraße\n")
    result = cli(small_db, "import", str(path), "--field", "1", "--nummerieren", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["numbered"] == [{"line": 2, "code": "1.2"}]
    assert data["recognised"] == []  # 1.1.2 was added by hand, not by this list
    assert data["same_title_elsewhere"] == [{"line": 3, "code": "1.1.2", "origin": "von Hand angelegt"}]
    assert data["new"] == ["1.2"] and data["counts"]["unchanged"] == 1
    again = json.loads(cli(small_db, "import", str(path), "--field", "1", "--nummerieren", "--format", "json").stdout)
    assert again["recognised"] == [{"line": 2, "code": "1.2"}]


def test_the_same_title_from_another_list_is_reported_not_merged(cli, small_db, tmp_path):
    wohnen = write(tmp_path / "ag_wohnen.csv", "Maßnahme;Handlungsfeld\nMieterfrühstück;1\n")
    assert cli(small_db, "import", str(wohnen), "--nummerieren").exit_code == 0
    digest = file_digest(small_db)
    soziales = write(tmp_path / "ag_soziales.csv", "Maßnahme;Handlungsfeld\nSprachpaten;1\nMieterfrühstück;1\n")
    result = cli(small_db, "import", str(soziales), "--nummerieren", "--dry-run")
    assert result.exit_code == 0, result.output
    assert ("Gleicher Titel im Handlungsfeld, aber eine Maßnahme anderer Herkunft – nicht zusammengeführt, nichts "
            "übernommen") in result.stdout
    assert "Zeile 3 = 1.2 (angelegt durch „Import ag_wohnen.csv“)" in result.stdout
    assert "Schon vorhanden" not in result.stdout
    assert file_digest(small_db) == digest
    # the same list again is its own measure: recognised, as before
    result = cli(small_db, "import", str(wohnen), "--nummerieren")
    assert "Schon vorhanden (gleicher Titel im Handlungsfeld, unverändert): Zeile 2 = 1.2" in result.stdout


def test_numbering_messages_name_only_columns_the_file_has(cli, small_db, tmp_path):
    digest = file_digest(small_db)
    path = write(tmp_path / "liste.csv", "Maßnahme;Zuständig\nMieterfrühstück;Jobcenter Testkreis\n")
    result = cli(small_db, "import", str(path), "--nummerieren")
    assert result.exit_code == 1
    assert "Zeile 2: keine Nr. und kein Handlungsfeld" in result.stderr
    assert "„Handlungsfeld“" not in result.stderr and "Spalte „Nr" not in result.stderr
    assert "--field" in result.stderr  # the way out, said by the command line
    assert file_digest(small_db) == digest


def test_sector_words_name_the_handlungsfeld(cli, small_db, tmp_path):
    for word, code in (("sector", "9.1"), ("Sektor", "9.2"), ("Bereich", "9.3"), ("Themenfeld", "9.4")):
        path = write(tmp_path / "liste.csv", f"Nr;Maßnahme;{word}\n{code};Titel {word};Bildung und Sprache\n")
        result = cli(small_db, "import", str(path))
        assert result.exit_code == 0, result.output
        assert measures(small_db)[code][:2] == (f"Titel {word}", "1")


def test_spreadsheet_with_running_numbers(cli, small_db, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "AG Arbeit"
    sheet.append(["Lfd. Nr.", "Maßnahme", "Status"])
    sheet.append([1, "Bewerbungscafé", "geplant"])
    sheet.append([2, "Praktikumsbörse", "in Arbeit"])
    path = tmp_path / "ag.xlsx"
    book.save(path)
    result = cli(small_db, "import", str(path), "--field", "Arbeit", "--nummerieren")
    assert result.exit_code == 0, result.output
    assert "Nr. vergeben: Zeile 2 → 5.2, Zeile 3 → 5.3" in result.stdout
    assert measures(small_db)["5.3"][:2] == ("Praktikumsbörse", "5")
    again = cli(small_db, "import", str(path), "--field", "Arbeit", "--nummerieren")
    assert again.exit_code == 0 and "Keine Änderung" in again.stdout


def test_not_for_a_file_of_sachstaende(cli, small_db, tmp_path):
    digest = file_digest(small_db)
    path = write(tmp_path / "stand.csv", "Nr;Datum;Sachstand\n1.1.1;01.01.2025;läuft\n")
    result = cli(small_db, "import", str(path), "--nummerieren")
    assert result.exit_code == 2
    assert "--field und --nummerieren gelten nicht für eine Datei mit Sachständen" in result.stderr
    assert file_digest(small_db) == digest


def test_json_entries_without_nr(cli, small_db, tmp_path):
    path = tmp_path / "liste.json"
    path.write_text(json.dumps([{"title": "Erste", "field": "5"}, {"code": "", "title": "Zweite"}]),
                    encoding="utf-8")
    result = cli(small_db, "import", str(path), "--nummerieren", "--field", "1")
    assert result.exit_code == 0, result.output
    assert "Nr. vergeben: Eintrag 1 → 5.2, Eintrag 2 → 1.2" in result.stdout
