"""Files out of and into the TUI through the palette: Exportieren, Bericht erstellen,
Sachstandsabfrage, Rücklauf – what they write, and bad input that keeps the dialog open."""

from __future__ import annotations

import csv
import sqlite3
from datetime import date
from pathlib import Path

import openpyxl
from textual.widgets import Input, Select, Static

from massnahmen.tui.dialogs.jobs import JobDialog
from massnahmen.tui.query import TuiFilter
from tests.conftest import file_digest
from tests.tui.pilot import notifications, palette_searched, running, settle, to_measures, type_text


async def palette(pilot, name: str) -> None:
    """Open a palette command by typing its name, as a user does."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    await type_text(pilot, name)
    await palette_searched(pilot)
    await pilot.press("enter")
    await settle(pilot)


def error_of(app, key: str) -> str:
    return str(app.screen.query_one(f"#err-{key}", Static).render())


async def fill(pilot, **values) -> None:
    for key, value in values.items():
        pilot.app.screen.query_one(f"#{key}").value = value
    await pilot.pause()


async def submit(pilot) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


def messages(app) -> list[str]:
    return [str(n.message) for n in notifications(app)]


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


async def test_export_writes_the_current_view(small_db, tmp_path):
    async with running(small_db) as (app, pilot):
        await to_measures(pilot)
        app.show_measures(TuiFilter(field="1"))
        await settle(pilot)
        await palette(pilot, "Exportieren")
        assert isinstance(app.screen, JobDialog) and app.screen.TITLE == "Exportieren"
        proposed = app.screen.query_one("#path", Input).value
        assert proposed == str(Path.cwd() / "massnahmen-2026-11-21.csv")
        target = tmp_path / "feld1.csv"
        await fill(pilot, path=str(target))
        await submit(pilot)
        assert not isinstance(app.screen, JobDialog)
        rows = csv_rows(target)
        assert rows[0][:2] == ["Nr", "Maßnahme"]
        assert [r[0] for r in rows[1:]] == ["1.1.1", "1.1.2"]  # not 5.1 of field 5
        assert any(f"2 Maßnahmen exportiert nach {target}" in m for m in messages(app))

        await palette(pilot, "Exportieren")
        await fill(pilot, path=str(tmp_path / "kalender.csv"))
        await fill(pilot, fmt="ics")
        assert app.screen.query_one("#path", Input).value == str(tmp_path / "kalender.ics")
        await submit(pilot)
        ics = (tmp_path / "kalender.ics").read_text(encoding="utf-8")
        assert ics.startswith("BEGIN:VCALENDAR") and "1.1.1" in ics and "5.1" not in ics


async def test_export_bad_input_keeps_the_dialog_and_writes_nothing(small_db, tmp_path):
    before = file_digest(small_db)
    async with running(small_db) as (app, pilot):
        await palette(pilot, "Exportieren")
        dialog = app.screen
        for path, expected in (("", "Bitte einen Dateinamen angeben."),
                               (str(tmp_path / "liste.xlsx"), "Die Endung „.xlsx“ passt nicht zum Format CSV"),
                               (str(tmp_path / "fehlt" / "liste.csv"), "gibt es nicht"),
                               (str(small_db), "ist die geöffnete Datenbank")):
            await fill(pilot, path=path)
            await submit(pilot)
            assert app.screen is dialog, path
            assert expected in error_of(app, "path"), (path, error_of(app, "path"))
        assert sorted(p.name for p in tmp_path.iterdir()) == ["konzept.db"]
        assert file_digest(small_db) == before

        await fill(pilot, fmt="xlsx", path=str(tmp_path / "liste.xlsx"))
        await submit(pilot)
        assert app.screen is not dialog
        sheet = openpyxl.load_workbook(tmp_path / "liste.xlsx").worksheets[0]
        assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["1.1.1", "1.1.2", "5.1"]


async def test_report_checks_dates_and_writes_html_and_a_lookback(small_db, tmp_path):
    async with running(small_db) as (app, pilot):
        await palette(pilot, "Bericht erstellen")
        dialog = app.screen
        assert dialog.TITLE == "Bericht erstellen"
        target = tmp_path / "bericht.html"
        await fill(pilot, path=str(target), as_of="31.02.2026")
        await submit(pilot)
        assert app.screen is dialog and "„31.02.2026“ ist kein gültiges Datum" in error_of(app, "as_of")
        await fill(pilot, as_of="", since="01.12.2026")
        await submit(pilot)
        assert app.screen is dialog and "liegt nach dem Stichtag (21.11.2026)" in error_of(app, "since")
        assert error_of(app, "as_of") == ""
        await fill(pilot, since="", path=str(tmp_path / "bericht.pdf"))
        await submit(pilot)
        assert app.screen is dialog and "braucht eine Datei auf .html" in error_of(app, "path")
        assert list(tmp_path.glob("bericht*")) == []

        await fill(pilot, path=str(target))
        await submit(pilot)
        assert app.screen is not dialog
        html = target.read_text(encoding="utf-8")
        assert html.startswith("<!DOCTYPE html>") and "Sprachcafé an der Volkshochschule" in html
        assert "Jörg Weiß" not in html  # the public version names no persons
        assert any(f"Sachstandsbericht geschrieben: {target} (3 Maßnahmen)" in m for m in messages(app))

        await palette(pilot, "Bericht erstellen")
        await fill(pilot, kind="rueckblick")
        assert Path(app.screen.query_one("#path", Input).value).name == "rueckblick-2026-11-21.html"
        await fill(pilot, fmt="md")
        lookback = tmp_path / "rueckblick.md"
        await fill(pilot, path=str(lookback), until="31.02.2026")
        await submit(pilot)
        assert "kein gültiges Datum" in error_of(app, "until") and not lookback.exists()
        await fill(pilot, until="")
        await submit(pilot)
        assert "Rückblick" in lookback.read_text(encoding="utf-8")


def request_items(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT request_id, contact_name, code, file_name FROM request_items "
                            "ORDER BY id").fetchall()
    finally:
        conn.close()


async def test_request_for_the_highlighted_contact(small_db, tmp_path):
    out = tmp_path / "abfrage"
    out.mkdir()
    async with running(small_db, size=(120, 30)) as (app, pilot):
        await pilot.press("3")
        await settle(pilot)
        contacts = app.screen
        row = next(i for i, c in enumerate(contacts.contacts) if c.organisation == "Jobcenter Testkreis")
        contacts.query_one("#c-table").move_cursor(row=row)
        await pilot.pause()
        await palette(pilot, "Sachstandsabfrage")
        await fill(pilot, folder=str(out))
        await submit(pilot)  # its only measure is done: nothing to ask
        assert any("„Jobcenter Testkreis“ hat keine offenen Maßnahmen; keine Abfrage angelegt." in m
                   for m in messages(app))
        assert request_items(small_db) == [] and list(out.iterdir()) == []
        row = next(i for i, c in enumerate(contacts.contacts) if c.name == "Jörg Weiß")
        contacts.query_one("#c-table").move_cursor(row=row)
        await pilot.pause()
        await palette(pilot, "Sachstandsabfrage")
        dialog = app.screen
        assert dialog.query_one("#who", Select).value == "contact"
        assert app.screen.query_one("#answer_by", Input).value == "19.12.2026"  # four weeks ahead
        for values, key, expected in (({"answer_by": "31.02.2027", "folder": str(out)}, "answer_by",
                                       "kein gültiges Datum"),
                                      ({"answer_by": "01.01.2026"}, "answer_by", "liegt in der Vergangenheit"),
                                      ({"answer_by": "31.01.2027", "folder": str(tmp_path / "fehlt")}, "folder",
                                       "ist kein vorhandener Ordner"),
                                      ({"folder": ""}, "folder", "Bitte einen Ordner angeben.")):
            await fill(pilot, **values)
            await submit(pilot)
            assert app.screen is dialog and expected in error_of(app, key), (values, error_of(app, key))
        assert request_items(small_db) == [] and list(out.iterdir()) == []

        await fill(pilot, folder=str(out))
        await submit(pilot)
        assert app.screen is contacts
    items = request_items(small_db)
    assert [(i[1], i[2]) for i in items] == [("Jörg Weiß (Volkshochschule)", "1.1.1")]
    listed = f"Sachstandsabfrage-{items[0][0]}-Verteiler.csv"
    assert sorted(p.name for p in out.iterdir()) == sorted([items[0][3], listed])
    assert any(f"1 Tabelle (1 Maßnahme) geschrieben nach {out}" in m for m in messages(app))


async def test_request_answer_goes_to_the_office_never_the_login(small_db, tmp_path):
    import zipfile

    out = tmp_path / "abfrage"
    out.mkdir()
    conn = sqlite3.connect(small_db)
    conn.execute("UPDATE concept SET office = 'Stabsstelle Integration'")
    conn.commit()
    conn.close()
    async with running(small_db) as (app, pilot):
        await to_measures(pilot)
        await palette(pilot, "Sachstandsabfrage")
        office = app.screen.query_one("#office", Input)
        assert office.value == "Stabsstelle Integration"
        assert app.store.user not in office.placeholder
        office.value = ""  # the officer clears it: the workbook names no one
        await fill(pilot, folder=str(out))
        await submit(pilot)
    books = list(out.glob("*.xlsx"))
    assert books
    with zipfile.ZipFile(books[0]) as book:
        text = "\n".join(book.read(n).decode("utf-8", "replace") for n in book.namelist())
    import re
    assert not re.search(rf"\b{app.store.user}\b", text), re.findall(rf".{{60}}{app.store.user}.{{20}}", text)
    assert "Stabsstelle" not in text
    assert "die Stelle, die sie Ihnen geschickt hat" in text


def folders(tmp_path) -> tuple[Path, Path]:
    """Where the Sachstandsabfrage is written, and where the partners' answers are put."""
    out, answers = tmp_path / "abfrage", tmp_path / "antworten"
    out.mkdir()
    answers.mkdir()
    return out, answers


async def request_for_the_view(pilot, out: Path) -> None:
    await to_measures(pilot)
    await palette(pilot, "Sachstandsabfrage")
    assert pilot.app.screen.query_one("#who", Select).value == "view"  # no contact highlighted here
    await fill(pilot, folder=str(out))
    await submit(pilot)


async def test_request_for_the_view_and_its_answer_read_back(small_db, tmp_path):
    out, answers = folders(tmp_path)
    async with running(small_db) as (app, pilot):
        await request_for_the_view(pilot, out)
        books = list(out.glob("*.xlsx"))
        assert len(books) == 1  # Jobcenter's only measure is done, 1.1.2 has no contact
        book = openpyxl.load_workbook(books[0])
        sheet = book["Abfrage"]
        assert sheet.cell(row=2, column=1).value == "1.1.1"
        sheet.cell(row=2, column=7, value="Läuft gut, 14 Teilnehmende")  # Neuer Sachstand
        sheet.cell(row=2, column=11, value=date(2026, 11, 15))  # Stand am
        book.save(answers / "Antwort VHS.xlsx")

        await palette(pilot, "Rücklauf")
        dialog = app.screen
        for source, expected in (("", "Bitte eine Datei oder einen Ordner angeben."),
                                 (str(tmp_path / "fehlt.xlsx"), "gibt es nicht"),
                                 (str(next(out.glob("*.csv"))), "ist keine ausgefüllte Sachstandsabfrage")):
            await fill(pilot, source=source)
            await submit(pilot)
            assert app.screen is dialog and expected in error_of(app, "source"), error_of(app, "source")
        await fill(pilot, source=str(answers))
        await submit(pilot)
        summary = str(app.screen.query_one("#answers-text", Static).render())
        assert "1 Sachstand übernommen aus 1 Datei" in str(
            app.screen.query_one("#answers-head", Static).render())
        assert "1.1.1: übernommen – " in summary and "Läuft gut, 14 Teilnehmende" in summary
    conn = sqlite3.connect(small_db)
    try:
        notes = conn.execute("SELECT r.date, r.author, r.note FROM reviews r JOIN measures m ON m.id = r.measure_id "
                             "WHERE m.code = '1.1.1'").fetchall()
    finally:
        conn.close()
    assert ("2026-11-15", "Jörg Weiß", "Läuft gut, 14 Teilnehmende") in notes


async def test_answers_to_measures_changed_meanwhile_are_taken_one_by_one(small_db, tmp_path):
    from massnahmen.store.db import Store
    from massnahmen.store.measures import update_measure
    from textual.widgets import SelectionList

    out, answers = folders(tmp_path)
    async with running(small_db) as (app, pilot):
        await request_for_the_view(pilot, out)
        book = openpyxl.load_workbook(next(out.glob("*.xlsx")))
        book["Abfrage"].cell(row=2, column=7, value="Raum gefunden, Start im Januar")
        book.save(answers / "Antwort VHS.xlsx")
        with Store.open(small_db) as s:  # the office changes 1.1.1 after sending
            update_measure(s, "1.1.1", {"notes": "Anruf der VHS: Raumfrage offen"})

        await palette(pilot, "Rücklauf")
        await fill(pilot, source=str(answers))
        await submit(pilot)
        assert "1 offen (im Amt inzwischen geändert)" in str(app.screen.query_one("#answers-head", Static).render())
        choices = app.screen.query_one("#answers-open", SelectionList)
        assert choices.option_count == 1 and "1.1.1" in str(choices.get_option_at_index(0).prompt)
        assert app.focused is choices
        await pilot.press("ctrl+s")  # nothing chosen: a hint, nothing taken
        await settle(pilot)
        assert any("Keine Antwort gewählt" in m for m in messages(app)) and app.screen.query("#answers-open")
        assert notes_of(small_db, "1.1.1").count("Raum gefunden, Start im Januar") == 0
        await pilot.press("space", "ctrl+s")
        await settle(pilot, rounds=6)
        assert "1 Sachstand übernommen aus 1 Datei" in str(
            app.screen.query_one("#answers-head", Static).render())
        assert not app.screen.query("#answers-open")  # nothing open any more
    assert notes_of(small_db, "1.1.1").count("Raum gefunden, Start im Januar") == 1


def notes_of(db, code: str) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [n for (n,) in conn.execute("SELECT r.note FROM reviews r JOIN measures m ON m.id = r.measure_id "
                                           "WHERE m.code = ?", (code,))]
    finally:
        conn.close()


async def test_an_existing_export_or_report_is_replaced_only_after_asking(small_db, tmp_path):
    from massnahmen.tui.dialogs.common import ConfirmDialog

    target = tmp_path / "liste.csv"
    async with running(small_db) as (app, pilot):
        await palette(pilot, "Exportieren")
        await fill(pilot, path=str(target))
        await submit(pilot)
        first = target.read_bytes()
        assert [r[0] for r in csv_rows(target)[1:]] == ["1.1.1", "1.1.2", "5.1"]

        await to_measures(pilot)
        app.show_measures(TuiFilter(field="1"))
        await settle(pilot)
        await palette(pilot, "Exportieren")
        dialog = app.screen
        await fill(pilot, path=str(target))
        await submit(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        shown = str(app.screen.query_one(".dialog-text", Static).render())
        assert "Die Datei gibt es schon" in shown and str(target) in shown and "geändert am" in shown
        await pilot.press("enter")  # the default keeps the file: back to the name
        await settle(pilot)
        assert app.screen is dialog and app.focused is dialog.query_one("#path", Input)
        assert target.read_bytes() == first

        await submit(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        assert not isinstance(app.screen, JobDialog)
        assert [r[0] for r in csv_rows(target)[1:]] == ["1.1.1", "1.1.2"]  # replaced by the new view

        report = tmp_path / "bericht.html"
        report.write_text("<!DOCTYPE html><meta name=\"generator\" content=\"massnahmen\">alt", encoding="utf-8")
        await palette(pilot, "Bericht erstellen")
        await fill(pilot, path=str(report))
        await submit(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert report.read_text(encoding="utf-8").endswith("alt")


async def test_the_default_file_names_carry_the_date_and_the_ruecklauf_button_says_uebernehmen(small_db):
    async with running(small_db) as (app, pilot):
        await palette(pilot, "Bericht erstellen")
        assert Path(app.screen.query_one("#path", Input).value).name == "sachstandsbericht-2026-11-21.html"
        await pilot.press("escape")
        await settle(pilot)
        await palette(pilot, "Rücklauf")
        button = app.screen.query_one("#save")
        assert str(button.label) == "Übernehmen (Strg+S)"
        app.screen.query_one("#dry").value = True
        await pilot.pause()
        assert str(button.label) == "Prüfen (Strg+S)"
