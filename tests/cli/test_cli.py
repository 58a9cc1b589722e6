import json
import sqlite3

import pytest

from tests.conftest import file_digest


def test_init_creates_a_database(cli, tmp_path):
    target = tmp_path / "neu.db"
    result = cli(target, "init", "--name", "Integrationskonzept Neustadt", "--adopted-on", "14.03.2024")
    assert result.exit_code == 0, result.output
    assert "angelegt" in result.stdout
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT name, adopted_on FROM concept").fetchone() == (
        "Integrationskonzept Neustadt", "2024-03-14")


def test_init_refuses_to_overwrite(cli, small_db):
    before = file_digest(small_db)
    result = cli(small_db, "init")
    assert result.exit_code == 1
    assert "wird nicht überschrieben" in result.stderr
    assert file_digest(small_db) == before


def test_db_from_environment(cli, small_db, monkeypatch):
    monkeypatch.setenv("MASSNAHMEN_DB", str(small_db))
    result = cli(None, "list", "--format", "json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 3


def test_list_json_follows_the_contract(cli, small_db):
    result = cli(small_db, "list", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    first = data[0]
    assert first == {
        "code": "1.1.1", "title": "Sprachcafé an der Volkshochschule", "description": None,
        "field": "Bildung und Sprache", "goal": "Sprachkursangebote ausbauen",
        "contact": {"name": "Jörg Weiß", "organisation": "Volkshochschule",
                    "email": "joerg.weiss@vhs.example.org", "phone": "03731 799-1234"},
        "partners": "Caritas; Diakonie", "status": "in_umsetzung", "assessment": None, "priority": None,
        "start": None, "end": None, "review_date": "2026-11-01", "funding": None, "indicator": None,
        "source": None, "notes": None, "updated_at": first["updated_at"],
    }
    assert data[2]["contact"] == {"name": None, "organisation": "Jobcenter Testkreis", "email": None,
                                  "phone": None}


def test_list_filters(cli, small_db):
    def codes(*args):
        result = cli(small_db, "list", "--format", "json", *args)
        return [m["code"] for m in json.loads(result.stdout)] if result.exit_code == 0 else result.exit_code
    assert codes("--search", "HAUPTSTRASSE") == ["1.1.2"]
    assert codes("--overdue") == ["1.1.1"]
    assert codes("--due-within", "30") == ["1.1.2"]
    assert codes("--status", "erledigt", "--status", "in Arbeit") == ["1.1.1", "5.1"]
    assert codes("--field", "5") == ["5.1"]
    assert codes("--contact", "weiss") == ["1.1.1"]
    assert codes("--search", "gibtsnicht") == 1


def test_list_table_is_plain_when_piped(cli, small_db):
    result = cli(small_db, "list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Nr.", "Maßnahme", "Handlungsfeld", "Zuständig", "Status", "Ampel",
                                "Wiedervorlage"]
    assert "01.11.2026 (überfällig)" in result.stdout
    assert "│" not in result.stdout and "\x1b" not in result.stdout


def test_list_csv(cli, small_db):
    result = cli(small_db, "list", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("Nr;Maßnahme;Beschreibung;Handlungsfeld")
    assert "1.1.1;Sprachcafé an der Volkshochschule;" in result.stdout


def test_unknown_status_in_list_is_refused(cli, small_db):
    result = cli(small_db, "list", "--status", "halb fertig")
    assert result.exit_code == 1
    assert "„halb fertig“ ist unbekannt; erlaubt: geplant, in Umsetzung," in result.stderr


def test_unknown_format_is_a_usage_error(cli, small_db):
    result = cli(small_db, "list", "--format", "xml")
    assert result.exit_code == 2
    assert "--format „xml“ ist unbekannt" in result.stderr


def test_add_show_edit_review_history(cli, small_db):
    r = cli(small_db, "add", "--code", "5.2", "--title", "Ausbildungslotsen", "--field", "Arbeit und Ausbildung",
            "--contact", "Jobcenter Testkreis", "--status", "offen", "--priority", "hoch",
            "--review-date", "31.12.2026", "--start", "Q1/2027", "--end", "2028")
    assert r.exit_code == 0 and "Maßnahme 5.2 angelegt" in r.stdout
    r = cli(small_db, "show", "5.2", "--format", "json")
    data = json.loads(r.stdout)
    assert (data["status"], data["priority"], data["start"], data["end"]) == (
        "geplant", "hoch", "2027-01-01", "2028-12-31")
    r = cli(small_db, "--user", "carla", "edit", "5.2", "--status", "in Arbeit", "--review-date", "15.01.2027")
    assert r.exit_code == 0
    assert "Status: geplant → in Umsetzung" in r.stdout
    assert "Wiedervorlage: 31.12.2026 → 15.01.2027" in r.stdout
    r = cli(small_db, "review", "5.2", "--note", "Zwei Lotsen im Einsatz", "--assessment", "grün")
    assert r.exit_code == 0 and "nächste Wiedervorlage 21.05.2027" in r.stdout
    r = cli(small_db, "history", "5.2")
    assert r.exit_code == 0
    assert "carla" in r.stdout and "geplant → in Umsetzung" in r.stdout and "Zwei Lotsen im Einsatz" in r.stdout
    r = cli(small_db, "show", "5.2")
    assert "Ampel:" in r.stdout and "grün (im Plan)" in r.stdout and "Zwei Lotsen im Einsatz" in r.stdout


@pytest.mark.parametrize("args,message", [
    (["--status", "halb fertig"], "„halb fertig“ ist unbekannt; erlaubt: geplant"),
    (["--assessment", "lila"], "Ampel: „lila“ ist unbekannt; erlaubt: grün, gelb, rot"),
    (["--priority", "dringend"], "„dringend“ ist unbekannt; erlaubt: hoch, mittel, niedrig"),
    (["--review-date", "31.02.2026"], "Wiedervorlage: „31.02.2026“ ist kein gültiges Datum"),
    (["--contact", "Niemand"], "Kontakt „Niemand“ gibt es nicht"),
])
def test_add_refuses_bad_values_and_writes_nothing(cli, small_db, args, message):
    before = file_digest(small_db)
    r = cli(small_db, "add", "--code", "9.9", "--title", "Neu", "--field", "1", *args)
    assert r.exit_code == 1
    assert message in r.stderr
    assert file_digest(small_db) == before


@pytest.mark.parametrize("args,message", [
    (["--code", "1.1.1", "--title", "Doppelt", "--field", "1"], "Die Nr. „1.1.1“ ist schon vergeben"),
    (["--code", "9.9", "--title", "  ", "--field", "1"], "Maßnahme: darf nicht leer sein"),
    (["--code", "9.9", "--title", "Sport", "--field", "Sport"], "Handlungsfeld „Sport“ gibt es nicht"),
])
def test_add_refuses_duplicates_empty_titles_unknown_fields(cli, small_db, args, message):
    before = file_digest(small_db)
    r = cli(small_db, "add", *args)
    assert r.exit_code == 1
    assert message in r.stderr
    assert file_digest(small_db) == before


def test_edit_unknown_measure_and_nothing_to_change(cli, small_db):
    r = cli(small_db, "edit", "7.7", "--title", "x")
    assert r.exit_code == 1 and "Maßnahme „7.7“ gibt es nicht" in r.stderr
    r = cli(small_db, "edit", "1.1.1")
    assert r.exit_code == 2


def test_edit_with_stale_version_is_refused(cli, small_db):
    cli(small_db, "--user", "ben", "edit", "1.1.1", "--notes", "von Ben")
    before = file_digest(small_db)
    r = cli(small_db, "edit", "1.1.1", "--title", "Neu", "--expect-version", "1")
    assert r.exit_code == 1
    assert "wurde inzwischen geändert" in r.stderr and "ben: Notizen" in r.stderr
    assert file_digest(small_db) == before


@pytest.mark.parametrize("path_kind", ["missing", "directory", "csv", "empty", "newer"])
def test_bad_database_paths(cli, tmp_path, small_db, path_kind):
    if path_kind == "missing":
        target, message = tmp_path / "fehlt.db", "gibt es nicht"
    elif path_kind == "directory":
        target, message = tmp_path, "ist ein Ordner"
    elif path_kind == "csv":
        target, message = tmp_path / "liste.csv", "keine massnahmen-Datenbank"
        target.write_text("Nr;Maßnahme\n1;x\n", encoding="utf-8")
    elif path_kind == "empty":
        target, message = tmp_path / "leer.db", "ist leer"
        target.write_bytes(b"")
    else:
        target, message = small_db, "neueren Version"
        conn = sqlite3.connect(small_db)
        conn.execute("PRAGMA user_version = 99")
        conn.commit()
        conn.close()
    before = file_digest(target) if target.is_file() else None
    r = cli(target, "list")
    assert r.exit_code == 1
    assert message in r.stderr
    if path_kind == "missing":
        assert "massnahmen --db" in r.stderr and "init" in r.stderr and not target.exists()
    if before:
        assert file_digest(target) == before


def test_locked_database(cli, small_db):
    other = sqlite3.connect(small_db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE measures SET notes = 'fremd' WHERE code = '1.1.2'")
    try:
        r = cli(small_db, "edit", "1.1.1", "--title", "Neu")
        assert r.exit_code == 1
        assert "gesperrt" in r.stderr
    finally:
        other.execute("ROLLBACK")
        other.close()
    r = cli(small_db, "show", "1.1.1", "--format", "json")
    assert json.loads(r.stdout)["title"] == "Sprachcafé an der Volkshochschule"


def test_markup_and_control_codes_are_printed_as_typed(cli, small_db):
    title = "[bold]x[/] [/] \x1b[2J"
    r = cli(small_db, "add", "--code", "[/]", "--title", title, "--field", "1")
    assert r.exit_code == 0
    r = cli(small_db, "show", "[/]", "--format", "json")
    assert json.loads(r.stdout)["title"] == title
    for args in (["show", "[/]"], ["list"], ["history", "[/]"]):
        r = cli(small_db, *args)
        assert r.exit_code == 0
        assert "[bold]x[/] [/] \\x1b[2J" in r.stdout
        assert "\x1b" not in r.stdout


def test_archive_and_restore(cli, small_db):
    assert cli(small_db, "archive", "5.1").exit_code == 0
    r = cli(small_db, "list", "--format", "json")
    assert [m["code"] for m in json.loads(r.stdout)] == ["1.1.1", "1.1.2"]
    r = cli(small_db, "list", "--archived", "--format", "json")
    assert [m["code"] for m in json.loads(r.stdout)] == ["5.1"]
    assert cli(small_db, "restore", "5.1").exit_code == 0
    assert len(json.loads(cli(small_db, "list", "--format", "json").stdout)) == 3


def test_contacts_commands(cli, small_db):
    r = cli(small_db, "contacts", "add", "Ayşe Demir", "--organisation", "Migrantenbeirat",
            "--email", "ayse.demir@beirat.example.org")
    assert r.exit_code == 0 and "angelegt" in r.stdout
    r = cli(small_db, "contacts")
    assert "Ayşe Demir" in r.stdout and "Jobcenter Testkreis" in r.stdout
    r = cli(small_db, "contacts", "edit", "ayse demir", "--phone", "0351 123")
    assert r.exit_code == 0
    r = cli(small_db, "contacts", "add", "X", "--email", "kaputt")
    assert r.exit_code == 1 and "keine gültige E-Mail-Adresse" in r.stderr
    before = file_digest(small_db)
    r = cli(small_db, "contacts", "remove", "Jobcenter Testkreis")
    assert r.exit_code == 1 and "--reassign" in r.stderr
    assert file_digest(small_db) == before
    r = cli(small_db, "contacts", "remove", "Jobcenter Testkreis", "--clear")
    assert r.exit_code == 0
    r = cli(small_db, "show", "5.1", "--format", "json")
    assert json.loads(r.stdout)["contact"] is None
    r = cli(small_db, "contacts", "show", "Jörg Weiß")
    assert "1.1.1" in r.stdout


def test_fields_commands(cli, small_db):
    r = cli(small_db, "fields", "add", "4", "Wohnen")
    assert r.exit_code == 0
    r = cli(small_db, "fields", "add-goal", "Wohnen", "Dezentrale Unterbringung sichern", "--code", "4.1")
    assert r.exit_code == 0
    r = cli(small_db, "fields", "list", "--format", "json")
    data = json.loads(r.stdout)
    wohnen = next(f for f in data if f["name"] == "Wohnen")
    assert wohnen["goals"] == [{"code": "4.1", "name": "Dezentrale Unterbringung sichern", "measures": 0}]
    r = cli(small_db, "fields")
    assert "Ziel: Sprachkursangebote ausbauen" in r.stdout
    r = cli(small_db, "fields", "add", "4", "Nochmal")
    assert r.exit_code == 1 and "gibt es schon" in r.stderr
    r = cli(small_db, "fields", "remove", "1")
    assert r.exit_code == 1 and "--move-to" in r.stderr
    r = cli(small_db, "fields", "remove", "1", "--move-to", "Wohnen")
    assert r.exit_code == 0 and "2 Maßnahmen" in r.stdout
    r = cli(small_db, "fields", "edit", "Wohnen", "--name", "Wohnen und Quartier")
    assert r.exit_code == 0


def test_backup_command(cli, small_db, tmp_path):
    dest = tmp_path / "kopie"
    dest.mkdir()
    r = cli(small_db, "backup", str(dest))
    assert r.exit_code == 0
    copies = list(dest.glob("*.db"))
    assert len(copies) == 1
    assert sqlite3.connect(copies[0]).execute("SELECT count(*) FROM measures").fetchone()[0] == 3


def test_help_is_german(cli):
    r = cli(None, "--help")
    assert r.exit_code == 0
    assert "Maßnahmen eines Integrationskonzepts" in r.stdout
    for command in ("init", "list", "show", "add", "edit", "review", "history", "contacts", "fields",
                    "backup", "demo"):
        assert command in r.stdout


def test_output_to_a_windows_code_page_does_not_crash(small_db, tmp_path):
    """Redirected output on Windows uses the ANSI code page: JSON falls back to \\u escapes."""
    import os
    import subprocess
    import sys

    from massnahmen.store.db import Store
    from massnahmen.store.measures import add_measure

    with Store.open(small_db) as store:
        add_measure(store, {"code": "2.1", "title": "Elterncafé mit Ayşe Yılmaz", "field": "1"})
    env = dict(os.environ, PYTHONIOENCODING="cp1252")
    for args, check in ((["list", "--format", "json"], "Ay\\u015fe"), (["list"], "Ay?e")):
        out = subprocess.run([sys.executable, "-m", "massnahmen", "--db", str(small_db), *args],
                             capture_output=True, env=env)
        assert out.returncode == 0, out.stderr.decode("cp1252")
        assert check in out.stdout.decode("cp1252")
    data = json.loads(subprocess.run([sys.executable, "-m", "massnahmen", "--db", str(small_db), "show", "2.1",
                                      "--format", "json"], capture_output=True, env=env).stdout.decode("cp1252"))
    assert data["title"] == "Elterncafé mit Ayşe Yılmaz"


@pytest.mark.parametrize("args,message", [
    (["changes"], "Die Option „--since“ fehlt."),
    (["foo"], "Den Befehl „foo“ gibt es nicht."),
    (["show"], "Die Angabe „Nr.“ fehlt."),
    (["list", "--bogus"], "Die Option „--bogus“ gibt es hier nicht."),
    (["list", "--due-within", "abc"], "„--due-within“: erwartet wird eine ganze Zahl."),
    (["show", "1.1.1", "extra"], "Zu viele Angaben: „extra“."),
    (["list", "--format"], "Die Option „--format“ braucht einen Wert."),
])
def test_usage_errors_are_german_with_exit_2(cli, small_db, args, message):
    r = cli(small_db, *args)
    assert r.exit_code == 2
    assert message in r.stderr
    assert "Hinweis: massnahmen " in r.stderr and "--help zeigt alle Angaben" in r.stderr
    assert "Error" not in r.output and "Usage" not in r.output


def test_scripts_get_the_version_for_expect_version(cli, small_db):
    import json as _json

    version = _json.loads(cli(small_db, "history", "1.1.1", "--format", "json").stdout)["version"]
    assert cli(small_db, "edit", "1.1.1", "--notes", "a", "--expect-version", str(version)).exit_code == 0
    assert cli(small_db, "edit", "1.1.1", "--notes", "b", "--expect-version", str(version)).exit_code == 1


def test_history_lists_a_same_day_sachstand_after_the_creation(cli, small_db):
    cli(small_db, "review", "1.1.2", "--note", "Gleich am ersten Tag")
    lines = cli(small_db, "history", "1.1.2").stdout.splitlines()
    created = next(i for i, line in enumerate(lines) if "angelegt" in line)
    review = next(i for i, line in enumerate(lines) if "Gleich am ersten Tag" in line)
    assert created < review


def test_show_names_an_open_ended_period(cli, small_db):
    cli(small_db, "edit", "1.1.1", "--start", "03/2026")
    assert "Zeitraum:      ab 01.03.2026" in cli(small_db, "show", "1.1.1").stdout


def test_help_pages_speak_german(cli):
    r = cli(None, "list", "--help")
    assert r.exit_code == 0
    assert "Aufruf: " in r.stdout and " list [OPTIONEN]" in r.stdout and "Optionen:" in r.stdout
    assert "Diese Hilfe zeigen." in r.stdout and "[Standard: table]" in r.stdout
    assert "Usage:" not in r.stdout and "Show this message" not in r.stdout
    r = cli(None, "--help")
    assert "Befehle:" in r.stdout and "Commands" not in r.stdout
