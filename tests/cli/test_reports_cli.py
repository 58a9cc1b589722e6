"""`status`, `due`, `report`, `changes` from the command line: numbers, formats, bad input."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from datetime import date

import pytest

from tests.conftest import file_digest

TODAY = "2026-11-21"
OPEN_IN = "('geplant','in_umsetzung','verstetigt','zurueckgestellt')"


def scalar(path, query, params=()):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(query, params).fetchone()[0]
    finally:
        conn.close()


# -- status ---------------------------------------------------------------------------------
def test_status_table_shows_the_numbers(cli, demo_db):
    result = cli(demo_db, "status", "--today", TODAY)
    assert result.exit_code == 0, result.output
    total = scalar(demo_db, "SELECT count(*) FROM measures WHERE archived = 0")
    overdue = scalar(demo_db, f"SELECT count(*) FROM measures WHERE archived = 0 AND status IN {OPEN_IN} "
                              "AND review_date < ?", (TODAY,))
    assert "Stand 21.11.2026" in result.output
    assert f"{total} Maßnahmen" in result.output
    assert f"Wiedervorlagen: {overdue} überfällig" in result.output
    bildung = scalar(demo_db, "SELECT count(*) FROM measures m JOIN fields f ON f.id = m.field_id "
                              "WHERE f.code = '1' AND m.archived = 0")
    line = next(li for li in result.output.splitlines() if li.startswith("1 Bildung und Sprache"))
    assert f" {bildung} " in line
    assert "Am dringendsten:" in result.output


def test_status_json_equals_the_report_function(cli, demo_db):
    from massnahmen.reports.status import status_overview
    from massnahmen.store.db import Store

    result = cli(demo_db, "status", "--format", "json", "--today", TODAY)
    assert result.exit_code == 0
    with Store.open(demo_db) as store:
        assert json.loads(result.output) == status_overview(store, date(2026, 11, 21)).to_dict()


def test_status_today_defaults_to_the_clock(cli, demo_db, monkeypatch):
    monkeypatch.setenv("MASSNAHMEN_TODAY", "2027-03-01")
    data = json.loads(cli(demo_db, "status", "--format", "json").output)
    assert data["today"] == "2027-03-01"
    assert data["reviews"]["overdue"] == scalar(
        demo_db, f"SELECT count(*) FROM measures WHERE archived = 0 AND status IN {OPEN_IN} AND review_date < ?",
        ("2027-03-01",))


def test_status_markdown(cli, demo_db):
    result = cli(demo_db, "status", "--format", "md", "--today", "21.11.2026")
    assert result.exit_code == 0
    assert result.output.startswith("# Stand: ")
    assert "| Handlungsfeld | geplant |" in result.output
    assert "## Ampel der offenen Maßnahmen" in result.output


def test_status_of_an_empty_database_is_one_friendly_line(cli, empty_db):
    result = cli(empty_db, "status")
    assert result.exit_code == 0
    assert result.output.strip().startswith("„Integrationskonzept Testkreis“ enthält noch keine Maßnahmen.")
    assert len(result.output.strip().splitlines()) == 1
    md = cli(empty_db, "status", "--format", "md")
    assert "Noch keine Maßnahmen erfasst." in md.output


@pytest.mark.parametrize("args, message", [
    (["status", "--format", "pdf"], "--format „pdf“ ist unbekannt; erlaubt: table, json, md"),
    (["status", "--today", "31.02.2026"], "--today: „31.02.2026“ ist kein gültiges Datum"),
    (["due", "--within", "-3"], "--within: „-3“ liegt außerhalb des erlaubten Bereichs (0 bis 36 500 Tage)"),
    (["due", "--format", "xlsx"], "--format „xlsx“ ist unbekannt; erlaubt: table, json, csv"),
    (["report", "--format", "docx"], "--format „docx“ ist unbekannt; erlaubt: md, html, pdf, json"),
    (["report", "--since", "gestern"], "--since: „gestern“ ist kein gültiges Datum"),
    (["report", "--since", "01.12.2026", "--today", TODAY], "--since (01.12.2026) liegt nach dem Stichtag (21.11.2026)."),
    (["changes", "--since", "2026-13-01"], "--since: „2026-13-01“ ist kein gültiges Datum"),
    (["changes", "--since", "2027-01-01", "--today", TODAY], "--since (01.01.2027) liegt nach dem Stichtag (21.11.2026)."),
    (["changes", "--since", ""], "--since braucht ein Datum, z. B. --since 31.12.2026; ein leerer Wert geht nicht"),
])
def test_bad_input_is_a_usage_error_and_writes_nothing(cli, demo_db, args, message):
    before = file_digest(demo_db)
    result = cli(demo_db, *args)
    assert result.exit_code == 2, result.output
    assert f"Fehler: {message}" in result.output
    assert file_digest(demo_db) == before


def test_changes_needs_since(cli, demo_db):
    result = cli(demo_db, "changes")
    assert result.exit_code == 2
    assert "--since" in result.output


def test_missing_database_is_refused(cli, tmp_path):
    result = cli(tmp_path / "gibtsnicht.db", "status")
    assert result.exit_code == 1
    assert "Die Datenbank „" in result.output and "gibt es nicht" in result.output
    assert not (tmp_path / "gibtsnicht.db").exists()


# -- due ------------------------------------------------------------------------------------
def test_due_table_groups_by_contact(cli, demo_db):
    result = cli(demo_db, "due", "--today", TODAY)
    assert result.exit_code == 0
    first = result.output.splitlines()[0]
    n = scalar(demo_db, f"SELECT count(*) FROM measures WHERE archived = 0 AND status IN {OPEN_IN} "
                        "AND review_date <= '2026-12-21'")
    assert first.startswith(f"{n} Wiedervorlagen bis 21.12.2026")
    assert "überfällig seit" in result.output
    email = scalar(demo_db, """SELECT c.email FROM measures m JOIN contacts c ON c.id = m.contact_id
        WHERE m.archived = 0 AND m.status IN ('geplant','in_umsetzung','verstetigt','zurueckgestellt')
        AND m.review_date IS NOT NULL AND c.email IS NOT NULL ORDER BY m.review_date, m.code_sort LIMIT 1""")
    assert email in result.output


def test_due_json_and_csv_for_mail_merge(cli, demo_db):
    data = json.loads(cli(demo_db, "due", "--format", "json", "--within", "60", "--today", TODAY).output)
    n = scalar(demo_db, f"SELECT count(*) FROM measures WHERE archived = 0 AND status IN {OPEN_IN} "
                        "AND review_date <= '2027-01-20'")
    assert sum(len(g["measures"]) for g in data) == n
    assert set(data[0]["contact"]) == {"name", "organisation", "email", "phone"}
    assert data[0]["measures"][0]["state"] == "ueberfaellig"
    text = cli(demo_db, "due", "--format", "csv", "--within", "60", "--today", TODAY).output
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Zuständig", "Organisation", "E-Mail", "Telefon", "Nr", "Maßnahme", "Handlungsfeld",
                       "Status", "Ampel", "Wiedervorlage", "Tage", "Lage"]
    assert len(rows) == n + 1
    codes = [m["code"] for g in data for m in g["measures"]]
    assert [r[4] for r in rows[1:]] == codes
    assert int(rows[1][10]) < 0 and rows[1][11].startswith("überfällig seit")


def test_due_with_nothing_due(cli, small_db):
    result = cli(small_db, "due", "--within", "0", "--today", "2026-01-01")
    assert result.exit_code == 0
    assert result.output.strip() == "Keine überfälligen und keine in den nächsten 0 Tagen fälligen Wiedervorlagen."


# -- report ---------------------------------------------------------------------------------
def test_report_markdown_to_stdout(cli, demo_db):
    result = cli(demo_db, "report", "--today", TODAY, "--since", "01.01.2026")
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("# Sachstandsbericht: Integrationskonzept")
    assert "- **Stichtag:** 21.11.2026" in out
    assert "- **Berichtszeitraum:** 01.01.2026 bis 21.11.2026" in out
    assert "## 1 Bildung und Sprache" in out
    assert "| Nr. | Maßnahme | Zuständige Stelle | Status | Ampel | Letzter Sachstand |" in out
    assert "### Veränderungen im Berichtszeitraum" in out


def test_report_html_to_file(cli, demo_db, tmp_path):
    target = tmp_path / "bericht.html"
    result = cli(demo_db, "report", "--format", "html", "-o", target, "--today", TODAY)
    assert result.exit_code == 0, result.output
    total = scalar(demo_db, "SELECT count(*) FROM measures WHERE archived = 0")
    assert result.output.strip() == f"Sachstandsbericht geschrieben: {target} ({total} Maßnahmen)"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    assert text.count('<tr class="m">') == total
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".bericht")] == []  # no temp file left


def test_report_json(cli, demo_db):
    data = json.loads(cli(demo_db, "report", "--format", "json", "--today", TODAY).output)
    assert data["title"]["stichtag"] == TODAY and "author" not in data["title"]
    assert data["summary"]["total"] == sum(len(f["measures"]) for f in data["fields"]) == len(data["measures"])


def test_report_to_a_missing_folder_writes_nothing(cli, demo_db, tmp_path):
    target = tmp_path / "fehlt" / "bericht.md"
    result = cli(demo_db, "report", "-o", target)
    assert result.exit_code == 2
    assert f"Fehler: Den Ordner „{target.parent}“ gibt es nicht." in result.output
    assert not target.parent.exists()


def test_report_to_a_folder_is_refused(cli, demo_db, tmp_path):
    result = cli(demo_db, "report", "-o", tmp_path)
    assert result.exit_code == 2
    assert f"Fehler: „{tmp_path}“ ist ein Ordner" in result.output


def test_report_of_an_empty_database(cli, empty_db):
    result = cli(empty_db, "report", "--format", "html")
    assert result.exit_code == 0
    assert "Keine Maßnahmen (in dieser Auswahl) zum Stichtag." in result.output


# -- changes --------------------------------------------------------------------------------
def test_changes_table_and_json(cli, demo_db):
    result = cli(demo_db, "changes", "--since", "01.10.2026", "--today", TODAY)
    assert result.exit_code == 0
    reviews = scalar(demo_db, "SELECT count(*) FROM reviews WHERE date >= '2026-10-01' AND date <= ?", (TODAY,))
    assert result.output.startswith("Änderungen vom 01.10.2026 bis 21.11.2026: ")
    assert f"\n{reviews} neue Sachstände\n" in result.output
    data = json.loads(cli(demo_db, "changes", "--since", "2026-10-01", "--format", "json", "--today", TODAY).output)
    assert data["counts"]["reviews"] == reviews == len(data["reviews"])
    assert set(data) == {"since", "until", "counts", "new", "closed", "redated", "status_moves", "reviews"}


def test_changes_after_a_review_from_the_cli(cli, small_db):
    assert cli(small_db, "review", "1.1.1", "--note", "Abgeschlossen.", "--status", "erledigt").exit_code == 0
    result = cli(small_db, "changes", "--since", TODAY)
    assert "\n1 Maßnahme abgeschlossen (umgesetzt oder verworfen)\n" in result.output
    assert "1 neuer Sachstand" in result.output and "(1)" not in result.output
    assert "Status: in Umsetzung → umgesetzt" in result.output


def test_changes_written_to_a_pipe_keep_whole_titles_and_notes(cli, small_db):
    title = "Sprachkurse am Abend für Berufstätige in allen Gemeinden des Landkreises anbieten"
    note = ("Der Kurs in der Volkshochschule läuft seit September mit vierzehn Teilnehmenden; ein zweiter "
            "Kurs im Rathaus folgt im Frühjahr.")
    assert cli(small_db, "edit", "1.1.1", "--title", title).exit_code == 0
    assert cli(small_db, "review", "1.1.1", "--note", note).exit_code == 0
    result = cli(small_db, "changes", "--since", TODAY)  # CliRunner's stdout is no terminal
    assert result.exit_code == 0
    assert title in result.output and note in result.output and "…" not in result.output
    from massnahmen.reports.changes import changes_since
    from massnahmen.reports.render_text import changes_rows
    from massnahmen.store.db import Store

    with Store.open(small_db) as store:
        report = changes_since(store, date.fromisoformat(TODAY), date.fromisoformat(TODAY))
    row = changes_rows("reviews", report.reviews)[0]  # for a terminal's table: cut to its width
    assert row[2].endswith("…") and len(row[2]) == 50 and row[3].endswith("…")


def test_commands_are_registered(cli):
    result = cli(None, "--help")
    for name in ("status", "due", "report", "changes"):
        assert name in result.output


# -- start-up cost --------------------------------------------------------------------------
def test_status_imports_neither_rich_nor_sqlite_utils_nor_textual_when_piped(demo_db):
    code = (
        "import sys, atexit\n"
        "atexit.register(lambda: sys.stderr.write('LOADED=' + ','.join(sorted({m.split('.')[0] for m in sys.modules}"
        " & {'rich', 'sqlite_utils', 'textual'}))))\n"
        "from massnahmen.cli import main\n"
        f"sys.argv = ['massnahmen', '--db', {str(demo_db)!r}, 'status']\n"
        "main()\n"
    )
    env = dict(os.environ, MASSNAHMEN_TODAY=TODAY)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Stand 21.11.2026" in proc.stdout
    assert proc.stderr.strip().endswith("LOADED=")


def test_report_modules_load_no_heavy_library():
    code = ("import sys\n"
            "import massnahmen.reports.status, massnahmen.reports.due, massnahmen.reports.changes\n"
            "import massnahmen.reports.report, massnahmen.reports.render_text, massnahmen.reports.render_md\n"
            "import massnahmen.reports.render_html, massnahmen.exporting.ics\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'rich', 'sqlite_utils', 'textual', 'typer'}))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_status_on_a_windows_code_page_does_not_crash(demo_db):
    """Redirected output on Windows uses cp1252, which has no block characters for the bars."""
    env = dict(os.environ, MASSNAHMEN_TODAY=TODAY, PYTHONIOENCODING="cp1252")
    for fmt in ("table", "md"):
        proc = subprocess.run([sys.executable, "-m", "massnahmen", "--db", str(demo_db), "status", "--format", fmt],
                              capture_output=True, env=env, timeout=60)
        assert proc.returncode == 0, proc.stderr.decode("cp1252", "replace")
        text = proc.stdout.decode("cp1252")
        assert "Maßnahmen" in text and "zurückgestellt" in text
        assert "#" in text and "█" not in text


def test_due_csv_has_crlf_line_ends(cli, demo_db):
    result = cli(demo_db, "due", "--format", "csv", "--today", TODAY)
    assert result.exit_code == 0
    raw = result.stdout_bytes
    assert raw.startswith("Zuständig;".encode("utf-8"))
    assert raw.count(b"\r\n") == raw.count(b"\n") > 1


def test_report_format_follows_the_file_ending(cli, demo_db, tmp_path):
    target = tmp_path / "bericht.html"
    r = cli(demo_db, "report", "-o", str(target), "--today", "2026-11-21")
    assert r.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    md = tmp_path / "bericht.txt"
    assert cli(demo_db, "report", "-o", str(md), "--today", "2026-11-21").exit_code == 0
    first, second = md.read_text(encoding="utf-8").splitlines()[:2]
    assert first == "<!-- Sachstandsbericht, erstellt mit massnahmen -->" and second.startswith("# ")
