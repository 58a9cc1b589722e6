"""The command line names its options in the messages the layers below phrase as data
(cli.hints): the refused value's option, and the option that is the way out."""

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import file_digest

TODAY = "21.11.2026"


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_an_existing_foreign_file_is_replaced_only_with_force(cli, small_db, tmp_path):
    target = _csv(tmp_path / "brief.csv", "Liebe Kolleginnen\n")
    result = cli(small_db, "export", "-o", target)
    assert result.exit_code == 1, result.output
    assert "gibt es schon" in result.stderr
    assert "Hinweis: Einen anderen Dateinamen wählen oder mit --force ersetzen." in result.stderr
    assert target.read_text(encoding="utf-8") == "Liebe Kolleginnen\n"
    assert cli(small_db, "export", "-o", target, "--force").exit_code == 0
    assert target.read_text(encoding="utf-8") != "Liebe Kolleginnen\n"


def test_the_open_database_is_not_replaced_even_with_force(cli, small_db):
    before = file_digest(small_db)
    result = cli(small_db, "export", "-o", small_db, "--force")
    assert result.exit_code == 1
    assert "ist die geöffnete Datenbank und wird nie überschrieben, auch nicht mit --force." in result.stderr
    assert file_digest(small_db) == before


@pytest.mark.parametrize("args, code, message", [
    (["report", "--field", "Mond"], 2, "--field: Handlungsfeld „Mond“ gibt es nicht; vorhanden: "),
    (["report", "--status", "halb fertig"], 1, "--status: „halb fertig“ ist unbekannt; erlaubt: "),
    (["report", "--ampel", "lila"], 1, "--ampel: „lila“ ist unbekannt; erlaubt: "),
    (["report", "--kind", "rueckblick", "--field", "Mond"], 2, "--field: Handlungsfeld „Mond“ gibt es nicht."),
    (["list", "--as-of", "01.01.2026", "--status", "halb fertig"], 1, "--status: „halb fertig“ ist unbekannt"),
])
def test_report_filters_are_named_by_their_option(cli, small_db, tmp_path, args, code, message):
    before = file_digest(small_db)
    target = tmp_path / "bericht.md"
    result = cli(small_db, *args, *(["-o", target, "--today", TODAY] if args[0] == "report" else []))
    assert result.exit_code == code, result.output
    assert f"Fehler: {message}" in result.stderr
    assert not target.exists() and file_digest(small_db) == before


def test_a_look_back_that_begins_after_its_end_names_since(small_db):
    from massnahmen.cli.hints import message
    from massnahmen.domain.errors import UsageProblem
    from massnahmen.reports.lookback import lookback
    from massnahmen.store.db import Store

    with Store.open(small_db) as store, pytest.raises(UsageProblem) as exc:
        lookback(store, date(2026, 11, 21), since=date(2026, 12, 1), until=date(2026, 12, 31))
    assert exc.value.param == "since" and "--" not in exc.value.message
    assert message(exc.value) == "--since: Der Beginn (01.12.2026) liegt nach dem Ende des Rückblicks (21.11.2026)."


@pytest.mark.parametrize("maps, message", [
    (["Maßnahme"], "Fehler: --map „Maßnahme“: erwartet „Spalte=Feld“"),
    (["=Titel"], "Fehler: --map „=Titel“: der Spaltenname fehlt"),
    (["Maßnahme=Farbe"], "Fehler: --map „Maßnahme=Farbe“: „Farbe“ ist kein Feld"),
    (["Gibtsnicht=Titel"], "Fehler: --map: die Spalte „gibtsnicht“ gibt es in „l.csv“ nicht"),
])
def test_a_bad_map_is_named_by_its_option(cli, small_db, tmp_path, maps, message):
    before = file_digest(small_db)
    path = _csv(tmp_path / "l.csv", "Nr;Maßnahme;Handlungsfeld\n1.7;A;1\n")
    result = cli(small_db, "import", path, *[a for m in maps for a in ("--map", m)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert file_digest(small_db) == before


def test_the_ways_out_of_a_header_name_map(cli, small_db, tmp_path):
    before = file_digest(small_db)
    no_code = cli(small_db, "import", _csv(tmp_path / "a.csv", "Maßnahme;Handlungsfeld\nA;1\n"))
    assert no_code.exit_code == 1
    assert 'Hinweis: Eine andere Spalte zuordnen mit --map "Spalte=Nr"; eine Liste ohne Nr. nummeriert ' \
           "--nummerieren (mit --field für das Handlungsfeld)." in no_code.stderr
    twice = cli(small_db, "import", _csv(tmp_path / "b.csv", "Nr;Titel;Maßnahme;Handlungsfeld\n1;A;B;1\n"))
    assert twice.exit_code == 1
    assert 'Hinweis: Eine der Spalten weglassen mit --map "Spalte=-".' in twice.stderr
    assert file_digest(small_db) == before
    unknown = cli(small_db, "import", _csv(tmp_path / "c.csv", "Nr;Maßnahme;Handlungsfeld;Interne ID\n1.8;A;1;X\n"),
                  "--dry-run")
    assert unknown.exit_code == 0, unknown.output
    assert "Warnung: Spalte „Interne ID“ wird nicht importiert (unbekannt)." in unknown.stderr
    assert 'Hinweis: zuordnen mit --map "Interne ID=Feld" oder weglassen mit --map "Interne ID=-".' in unknown.stderr


def test_rejects_and_on_error_are_named_by_their_option(cli, small_db, tmp_path):
    before = file_digest(small_db)
    path = _csv(tmp_path / "l.csv", "Nr;Maßnahme;Handlungsfeld;Status\n1.7;A;1;halb\n1.8;B;1;geplant\n")
    same = cli(small_db, "import", path, "--rejects", path)
    assert same.exit_code == 2
    assert "Fehler: --rejects: Die Fehlerdatei darf nicht die importierte Datei selbst sein." in same.stderr
    refused = cli(small_db, "import", path)
    assert refused.exit_code == 1
    assert ("Import abgelehnt: 1 fehlerhafte Zeile; nichts wurde geschrieben. "
            "(Mit --on-error skip gehen die guten Zeilen hinein.)") in refused.stderr
    assert file_digest(small_db) == before
    tried = cli(small_db, "import", path, "--dry-run")
    assert tried.exit_code == 1 and "--on-error skip" not in tried.stderr


def test_an_empty_concept_says_how_to_fill_it(cli, empty_db):
    result = cli(empty_db, "status")
    assert result.exit_code == 0
    assert result.output.strip() == ("„Integrationskonzept Testkreis“ enthält noch keine Maßnahmen. Anlegen mit "
                                     "„massnahmen add --code 1.1.1 --title … --field 1“ oder einlesen mit "
                                     "„massnahmen import DATEI.csv“.")


def test_a_missing_database_names_the_commands_that_help(cli, tmp_path):
    missing = tmp_path / "fehlt.db"
    result = cli(missing, "list")
    assert result.exit_code == 1
    assert f"Hinweis: Neu anlegen mit: massnahmen --db {missing} init – oder die Beispieldaten öffnen: " \
           "massnahmen --db sample.db" in result.stderr
    assert not missing.exists()
