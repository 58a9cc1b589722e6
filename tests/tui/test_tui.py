"""The overview and the measure screens, driven with Textual's pilot; every flow is checked in the
stored file. Contacts and fields: test_catalog_screens.py; two officers at once: test_two_officers.py."""

from __future__ import annotations

import re

import pytest
from textual.widgets import Input, Select, Static, TextArea

from massnahmen.domain.vocab import CLOSED_STATUSES
from massnahmen.store import catalog
from massnahmen.store.db import Store
from massnahmen.store.measures import (
    MeasureFilter, add_measure, count_measures, measure_history, query_measures, update_measure,
)
from tests.tui.pilot import (
    first_code, open_code, open_form, rendered, running, settle, stored, to_measures, type_text,
    wait_until,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


# -- start, overview, screens ----------------------------------------------------------------
async def test_overview_numbers_lead_to_the_measures_behind_them(demo_db):
    from textual.widgets import DataTable

    async with running(demo_db) as (app, pilot):
        assert app.current_mode == "overview"
        table = app.screen.query_one("#ov-fields", DataTable)
        with Store.open(demo_db) as s:
            fields = catalog.list_fields(s)
            expected = count_measures(s, MeasureFilter(field=fields[0].code, statuses=["in_umsetzung"]))
        assert table.row_count == len(fields) + 1
        table.focus()
        await pilot.press("right", "right", "enter")  # first field, column "in Umsetzung"
        await settle(pilot)
        assert app.current_mode == "measures"
        measures = app.screen.table
        assert measures.flt.field == fields[0].code and measures.flt.statuses == ["in_umsetzung"]
        assert measures.total == expected


async def test_overdue_list_in_overview_opens_overdue_measures(demo_db):
    from textual.widgets import OptionList

    async with running(demo_db) as (app, pilot):
        due = app.screen.query_one("#ov-due", OptionList)
        due.focus()
        due.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        with Store.open(demo_db) as s:
            expected = count_measures(s, MeasureFilter(overdue=True))
        assert app.current_mode == "measures"
        assert app.screen.table.total == expected > 0


async def test_number_keys_switch_screens_but_type_into_inputs(demo_db):
    async with running(demo_db) as (app, pilot):
        for key, mode in (("3", "contacts"), ("4", "fields"), ("2", "measures"), ("1", "overview")):
            await pilot.press(key)
            await settle(pilot)
            assert app.current_mode == mode
        await to_measures(pilot)
        await pilot.press("slash")
        await pilot.press("1", "2")
        await settle(pilot)
        assert app.current_mode == "measures"
        assert app.screen.query_one("#search", Input).value == "12"


async def test_help_and_palette_commands(demo_db):
    from massnahmen.tui.dialogs.common import HelpScreen

    async with running(demo_db) as (app, pilot):
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Neue Maßnahme", "Überfällige zeigen", "Wechseln zu: Kontakte", "Sicherung jetzt anlegen"):
            assert wanted in titles
        app.action_backup()
        backups = list(demo_db.parent.glob("demo-sicherung-*.db"))
        assert len(backups) == 1
        with Store.open(backups[0]) as s:
            assert count_measures(s) == count_measures(Store.open(demo_db))
        app.action_show_overdue()
        await settle(pilot)
        assert app.current_mode == "measures" and app.screen.table.flt.overdue


async def test_quit_key(demo_db):
    async with running(demo_db) as (app, pilot):
        assert app.is_running
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
        assert app.return_code == 0


# -- the measure table -----------------------------------------------------------------------
async def test_search_is_folded_and_filters(demo_db):
    with Store.open(demo_db) as s:
        add_measure(s, {"code": "9.9.1", "title": "Straßenfest der Müllerinnen", "field": "1"})
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        await pilot.press("slash")
        await type_text(pilot, "strassenfest")
        app.screen.query_one("#search", Input).value = "strassenfest mullerin"
        await wait_until(pilot, lambda: app.screen.flt.search == "strassenfest mullerin", "the search to apply")
        await settle(pilot)
        table = app.screen.table
        assert table.total == 1
        assert table.current_row()["code"] == "9.9.1"
        assert "Straßenfest der Müllerinnen" in str(app.screen.query_one("#detail-text", Static).render())
        await pilot.press("escape", "c")
        await settle(pilot)
        with Store.open(demo_db) as s:
            assert table.total == count_measures(s)


async def test_filters_sort_and_toggles(demo_db):
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        screen = app.screen
        screen.query_one("#f-status", Select).value = "geplant"
        await settle(pilot)
        with Store.open(demo_db) as s:
            assert screen.table.total == count_measures(s, MeasureFilter(statuses=["geplant"]))
        await pilot.press("u")
        await settle(pilot)
        with Store.open(demo_db) as s:
            assert screen.table.total == count_measures(s, MeasureFilter(statuses=["geplant"], overdue=True))
        await pilot.press("c", "x")
        await settle(pilot)
        with Store.open(demo_db) as s:
            assert screen.table.total == count_measures(s, MeasureFilter(open_only=True))
        for _ in range(7):
            if screen.table.flt.sort == "title":
                break
            await pilot.press("s")
            await settle(pilot)
        assert screen.table.flt.sort == "title"
        titles = [screen.table.row_at(i)["title"].casefold() for i in range(5)]
        assert titles == sorted(titles)
        await pilot.press("S")
        await settle(pilot)
        assert screen.table.flt.descending


async def test_table_pages_rows_around_the_viewport(tmp_path):
    from massnahmen.tui.widgets.measure_table import PAGE

    db = tmp_path / "viele.db"
    with Store.create(db, name="Viele") as s:
        catalog.add_field(s, "1", "Bildung")
        for i in range(PAGE * 2 + 30):
            add_measure(s, {"code": f"1.{i:04d}", "title": f"Maßnahme {i}", "field": "1"})
    async with running(db, size=(80, 24)) as (app, pilot):
        await to_measures(pilot)
        table = app.screen.table
        assert table.total == PAGE * 2 + 30 and table.exact
        assert set(table._pages) == {0}
        await pilot.press("end")
        await settle(pilot)
        assert table.current_row()["code"] == f"1.{PAGE * 2 + 29:04d}"
        assert 0 in table._pages and 2 in table._pages and 1 not in table._pages


# -- edit and new ----------------------------------------------------------------------------
async def test_edit_saves_changed_values_with_history(demo_db):
    code = first_code(demo_db)
    async with running(demo_db) as (app, pilot):
        await open_form(pilot, "e")
        form = app.screen
        title = form.query_one("#in-title", Input)
        title.value = "Neuer Titel [bold]fett[/]"
        form.query_one("#in-review_date", Input).value = "31.3.27"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
    m = stored(demo_db, code)
    assert m.title == "Neuer Titel [bold]fett[/]"
    assert m.review_date.isoformat() == "2027-03-31"
    with Store.open(demo_db) as s:
        _m, changes, _r = measure_history(s, code)
    assert {c.attribute for c in changes if c.author == "tester"} == {"title", "review_date"}


async def test_edit_with_invalid_date_shows_german_message_and_writes_nothing(demo_db):
    from massnahmen.tui.dialogs.forms import MeasureForm

    code = first_code(demo_db)
    before = stored(demo_db, code)
    async with running(demo_db) as (app, pilot):
        await open_form(pilot, "enter")
        form = app.screen
        form.query_one("#in-review_date", Input).value = "31.02.2026"
        form.query_one("#in-title", Input).value = "Geändert"
        await pilot.pause()
        error = str(form.query_one("#err-review_date", Static).render())
        assert "„31.02.2026“ ist kein gültiges Datum" in error
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeasureForm)
    after = stored(demo_db, code)
    assert after.title == before.title and after.version == before.version


async def test_new_measure_with_goal_and_contact(demo_db):
    with Store.open(demo_db) as s:
        field = catalog.list_fields(s)[1]
        goal = catalog.list_goals(s, field.code)[0]
        contact = catalog.list_contacts(s)[0]
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.query_one("#in-code", Input).value = "99.1"
        form.query_one("#in-title", Input).value = "Mehrsprachige Elternabende"
        form.query_one("#in-field", Select).value = field.code
        await settle(pilot)
        form.query_one("#in-goal", Select).value = goal.name
        form.query_one("#in-contact", Select).value = f"#{contact.id}"
        form.query_one("#in-status", Select).value = "in_umsetzung"
        form.query_one("#in-start", Input).value = "Q3/2026"
        form.query_one("#in-description", TextArea).text = "Zeile 1\nZeile 2"
        await pilot.press("ctrl+s")
        await settle(pilot)
    m = stored(demo_db, "99.1")
    assert (m.title, m.field_code, m.goal, m.contact.id, m.status) == (
        "Mehrsprachige Elternabende", field.code, goal.name, contact.id, "in_umsetzung")
    assert m.start.isoformat() == "2026-07-01" and m.description == "Zeile 1\nZeile 2"


async def test_new_measure_refuses_missing_values_and_taken_code(demo_db):
    from massnahmen.tui.dialogs.forms import MeasureForm

    taken = first_code(demo_db)
    with Store.open(demo_db) as s:
        before = count_measures(s, MeasureFilter(archived="include"))
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeasureForm)
        assert "darf nicht leer sein" in str(form.query_one("#err-title", Static).render())
        assert "darf nicht leer sein" in str(form.query_one("#err-field", Static).render())
        form.query_one("#in-code", Input).value = taken
        form.query_one("#in-title", Input).value = "Doppelt"
        form.query_one("#in-field", Select).value = "1"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeasureForm)
        assert "schon vergeben" in str(form.query_one("#err-code", Static).render())
    with Store.open(demo_db) as s:
        assert count_measures(s, MeasureFilter(archived="include")) == before


async def test_escape_asks_before_discarding_changes(demo_db):
    from massnahmen.tui.dialogs.common import ConfirmDialog
    from massnahmen.tui.dialogs.forms import MeasureForm

    code = first_code(demo_db)
    before = stored(demo_db, code)
    async with running(demo_db) as (app, pilot):
        await open_form(pilot, "e")
        app.screen.query_one("#in-title", Input).value = "wird verworfen"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # no: keep editing
        await pilot.pause()
        assert isinstance(app.screen, MeasureForm)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#yes")
        await settle(pilot)
        assert app.current_mode == "measures" and not isinstance(app.screen, (MeasureForm, ConfirmDialog))
        # unchanged form: escape closes at once
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (MeasureForm, ConfirmDialog))
    assert stored(demo_db, code).title == before.title


async def test_goal_and_contact_created_from_the_form(demo_db):
    code = first_code(demo_db)
    async with running(demo_db) as (app, pilot):
        await open_form(pilot, "e")
        form = app.screen
        await pilot.click("#new-goal")
        await pilot.pause()
        app.screen.query_one("#in-name", Input).value = "Neues Ziel aus dem Formular"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#in-goal", Select).value == "Neues Ziel aus dem Formular"
        await pilot.click("#new-contact")
        await pilot.pause()
        app.screen.query_one("#in-name", Input).value = "Aylin Kaya"
        app.screen.query_one("#in-email", Input).value = "kein-at-zeichen"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "keine gültige E-Mail-Adresse" in str(app.screen.query_one("#err-email", Static).render())
        app.screen.query_one("#in-email", Input).value = "aylin.kaya@example.org"
        app.screen.query_one("#in-organisation", Input).value = "Stadtteilverein"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        await pilot.press("ctrl+s")
        await settle(pilot)
    m = stored(demo_db, code)
    assert m.goal == "Neues Ziel aus dem Formular"
    assert m.contact.name == "Aylin Kaya" and m.contact.email == "aylin.kaya@example.org"


# -- Sachstand, history, archive -------------------------------------------------------------
async def test_review_is_saved_and_shown_at_once(demo_db):
    from massnahmen.tui.dialogs.common import HistoryScreen

    code = first_code(demo_db)
    before = stored(demo_db, code, reviews=None)
    async with running(demo_db) as (app, pilot):
        await open_form(pilot, "r")
        dialog = app.screen
        proposal = "" if before.status in CLOSED_STATUSES else "21.05.2027"  # a closed one leaves the cycle
        assert dialog.query_one("#in-next", Input).value == proposal
        await type_text(pilot, "Treffen")
        dialog.query_one("#in-note", TextArea).text = "Treffen mit [red]Träger[/] war gut"
        dialog.query_one("#in-status", Select).value = "in_umsetzung"
        dialog.query_one("#in-assessment", Select).value = "gelb"
        dialog.query_one("#in-next", Input).value = "15.01.2027"
        await pilot.press("ctrl+s")
        await settle(pilot)
        detail = str(app.screen.query_one("#detail-text", Static).render())
        assert "Treffen mit [red]Träger[/] war gut" in detail
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
    m = stored(demo_db, code, reviews=None)
    assert len(m.reviews) == len(before.reviews) + 1
    newest = m.reviews[0]
    assert newest.note == "Treffen mit [red]Träger[/] war gut" and newest.author == "tester"
    assert (m.status, m.assessment, m.review_date.isoformat()) == ("in_umsetzung", "gelb", "2027-01-15")


async def test_review_proposes_six_months_and_refuses_empty_note(demo_db):
    from massnahmen.tui.dialogs.review_dialog import ReviewDialog

    with Store.open(demo_db) as s:
        code = query_measures(s, MeasureFilter(statuses=["geplant"]), limit=1)[0]["code"]
    before = stored(demo_db, code, reviews=None)
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        app.screen.query_one("#search", Input).value = code
        await settle(pilot)
        app.screen.table.cursor_row = next(
            i for i in range(app.screen.table.total) if app.screen.table.row_at(i)["code"] == code)
        await pilot.press("r")
        await settle(pilot)
        dialog = app.screen
        assert dialog.query_one("#in-next", Input).value == "21.05.2027"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewDialog)
        assert "darf nicht leer sein" in str(dialog.query_one("#err-note", Static).render())
        dialog.query_one("#in-next", Input).value = "01.01.2020"
        await pilot.pause()
        assert "liegt vor dem Datum" in str(dialog.query_one("#err-next", Static).render())
    assert len(stored(demo_db, code, reviews=None).reviews) == len(before.reviews)


async def test_review_sends_only_changed_values(demo_db, monkeypatch):
    import massnahmen.tui.dialogs.review_dialog as review_dialog

    calls = []
    real = review_dialog.add_review

    def recording(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(review_dialog, "add_review", recording)  # the name the dialog calls
    code = open_code(demo_db, not_assessment="rot")
    before = stored(demo_db, code)
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        app.screen.table.cursor_row = next(
            i for i in range(app.screen.table.total) if app.screen.table.row_at(i)["code"] == code)
        await pilot.press("r")
        await settle(pilot)
        await type_text(pilot, "Nur eine Notiz")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert [(c["status"], c["assessment"], c["next_review"]) for c in calls] == [(None, None, None)]
    m = stored(demo_db, code)
    assert (m.status, m.assessment, m.review_date.isoformat()) == (before.status, before.assessment, "2027-05-21")


async def test_detail_shows_the_latest_note_near_the_top(demo_db):
    code = first_code(demo_db)
    long_note = "Erste Zeile des Sachstands\n" + "sehr lang " * 40
    async with running(demo_db, size=(80, 24)) as (app, pilot):
        await open_form(pilot, "r")
        app.screen.query_one("#in-note", TextArea).text = long_note
        await pilot.press("ctrl+s")
        await settle(pilot)
        detail = str(app.screen.query_one("#detail-text", Static).render())
    latest = detail.split("Letzter Sachstand: ", 1)[1].splitlines()[0]
    assert latest.startswith("21.11.2026 tester: Erste Zeile des Sachstands sehr lang")
    assert latest.endswith("…") and len(latest) < 200
    head = detail.split("Letzter Sachstand: ", 1)[0]
    assert head.count("\n") <= 5  # among the first lines of the pane, before goal, partners, description
    assert "Frühere Sachstände" in detail  # the older ones further down, shortened as well


async def test_history_shows_german_dates(demo_db):
    from massnahmen.tui.dialogs.common import HistoryScreen

    code = first_code(demo_db)
    with Store.open(demo_db, user="Kollegin") as other:
        update_measure(other, code, {"review_date": "01.02.2027"})
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        shown = rendered(app, width=140)
    assert re.search(r"\d\d\.\d\d\.\d{4} \d\d:\d\d\s+Kollegin", shown)
    assert "01.02.2027" in shown
    assert not re.search(r"\d{4}-\d\d-\d\d", shown)


async def test_table_marks_cut_cells_with_an_ellipsis(demo_db):
    with Store.open(demo_db) as s:
        contact = catalog.add_contact(s, name="Jörg Mühlenbeck", organisation="Gemeindeverwaltung Altenbrück")
        add_measure(s, {"code": "0.1", "title": "Ein sehr langer Titel " * 6, "field": "1",
                        "contact": f"#{contact.id}"})
    async with running(demo_db, size=(120, 40)) as (app, pilot):
        await to_measures(pilot)
        table = app.screen.table
        assert table.row_at(0)["code"] == "0.1"
        line = table.render_line(1).text
    assert "Jörg Mühlenbeck" in line and "Gemeindeverwaltung Altenbrück" not in line
    contact_cell = line[line.index("Jörg"):line.index("geplant")].strip()
    title_cell = line[line.index("Ein sehr"):line.index("1 Bildung")].strip()
    assert contact_cell.startswith("Jörg Mühlenbeck") and contact_cell.endswith("…"), line
    assert title_cell.startswith("Ein sehr langer Titel") and title_cell.endswith("…"), line


async def test_overview_counts_open_measures_apart(demo_db):
    with Store.open(demo_db) as s:
        total = count_measures(s, MeasureFilter())
        open_ = count_measures(s, MeasureFilter(open_only=True))
    assert open_ < total
    async with running(demo_db) as (app, pilot):
        title = str(app.screen.query_one("#ov-title", Static).render())
    assert f"{total} Maßnahmen in " in title and f"davon {open_} offen" in title
    assert "laufende" not in title


async def test_edit_form_scrolls_visibly_at_30_rows(demo_db):
    from massnahmen.tui.dialogs.forms import MeasureForm

    async with running(demo_db, size=(100, 30)) as (app, pilot):
        await open_form(pilot, "e")
        assert isinstance(app.screen, MeasureForm)
        body = app.screen.query_one("#form-body")
        assert body.max_scroll_y > 0 and body.show_vertical_scrollbar
        assert body.scrollbar_size_vertical >= 1
        background = body.background_colors[1]
        thumb, track = body.styles.scrollbar_color, body.styles.scrollbar_background
        assert thumb.brightness - background.brightness > 0.2  # a thumb one can see on the dialog
        assert track != background
        for _ in range(40):
            await pilot.press("tab")
            if app.focused is not None and app.focused.id == "in-notes":
                break
        await settle(pilot)
        await pilot.wait_for_scheduled_animations()  # the scroll to the focused field may glide
        notes = app.screen.query_one("#in-notes", TextArea)
        assert app.focused is notes
        assert body.scroll_y > 0
        assert body.content_region.contains_region(notes.region)


async def test_archive_with_confirmation_and_restore(demo_db):
    code = first_code(demo_db)
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("escape")  # asked, and said no
        await settle(pilot)
        assert stored(demo_db, code).archived is False
        await pilot.press("a")
        await pilot.pause()
        await pilot.click("#yes")
        await settle(pilot)
        assert stored(demo_db, code).archived is True
        assert app.screen.table.current_row()["code"] != code
        await pilot.press("A")
        await settle(pilot)
        table = app.screen.table
        assert table.flt.archived == "only"
        table.cursor_row = next(i for i in range(table.total) if table.row_at(i)["code"] == code)
        await pilot.press("a")
        await pilot.pause()
        await pilot.click("#yes")
        await settle(pilot)
    assert stored(demo_db, code).archived is False


async def test_markup_and_control_codes_are_shown_literally(demo_db):
    titles = ["[/]", "[bold]x[/]", "[link=https://example.org]klick[/link]", "Bildschirm\x1b[2J weg"]
    with Store.open(demo_db) as s:
        for i, title in enumerate(titles):
            add_measure(s, {"code": f"0.{i}", "title": title, "field": "1", "notes": "[/] \x07 Notiz",
                            "partners": "[red]rot[/red]"})
    async with running(demo_db, size=(80, 24)) as (app, pilot):
        await to_measures(pilot)
        table = app.screen.table
        for i, title in enumerate(titles):
            table.cursor_row = i
            await settle(pilot)
            assert table.current_row()["title"] == title
            detail = str(app.screen.query_one("#detail-text", Static).render())
            assert title.replace("\x1b", "\\x1b") in detail
            assert "\x1b" not in detail and "\\x07" in detail
        lines = [table.render_line(y).text for y in range(1, 5)]
        assert "[/]" in lines[0] and "[bold]x[/]" in lines[1] and "\\x1b[2J" in lines[3]
        await pilot.press("e")
        await settle(pilot)
        assert "\x1b" not in app.screen.query_one("#in-title", Input).value
        await pilot.press("escape")
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("escape")
