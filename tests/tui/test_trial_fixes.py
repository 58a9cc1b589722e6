"""Findings of an officer's trial of the TUI, each checked in what the screen shows or the file stores."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Select, Static, TextArea

from massnahmen.store import catalog
from massnahmen.store.db import Store
from massnahmen.store.measures import MeasureFilter, count_measures
from massnahmen.domain.vocab import assessment_text
from tests.tui.pilot import open_code, palette_searched, rendered, running, settle, stored, to_measures, type_text

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


# -- 1 overview focus ------------------------------------------------------------------------
async def test_overview_starts_on_the_numbers_and_enter_opens_them(demo_db):
    async with running(demo_db) as (app, pilot):
        table = app.screen.query_one("#ov-fields", DataTable)
        assert app.focused is table
        with Store.open(demo_db) as s:
            field = catalog.list_fields(s)[0]
            expected = count_measures(s, MeasureFilter(field=field.code, statuses=["in_umsetzung"]))
        await pilot.press("right", "right", "enter")  # no Tab first
        await settle(pilot)
        assert app.current_mode == "measures"
        assert app.screen.table.total == expected


async def test_focused_widgets_show_an_accent_border(demo_db):
    async with running(demo_db) as (app, pilot):
        table = app.screen.query_one("#ov-fields", DataTable)
        due = app.screen.query_one("#ov-due")
        focused_edge = table.styles.border_left
        assert focused_edge[0] == "tall"
        assert due.styles.border_left[0] != "tall"
        due.focus()
        await pilot.pause()
        assert due.styles.border_left[0] == "tall"
        assert table.styles.border_left[0] != "tall"
        assert due.styles.border_left[1] == focused_edge[1]  # the same accent colour


# -- 2 fields screen -------------------------------------------------------------------------
async def test_enter_on_a_goal_shows_that_goals_measures(demo_db):
    async with running(demo_db) as (app, pilot):
        await pilot.press("4")
        await settle(pilot)
        screen = app.screen
        index = next(i for i, (kind, g) in enumerate(screen.rows) if kind == "goal" and g.measures)
        goal = screen.rows[index][1]
        with Store.open(demo_db) as s:
            field = next(f for f in catalog.list_fields(s) if f.id == goal.field_id)
            expected = count_measures(s, MeasureFilter(field=field.code, goal=f"#{goal.id}"))
            whole = count_measures(s, MeasureFilter(field=field.code))
        assert 0 < expected < whole
        screen.query_one("#fields-table", DataTable).move_cursor(row=index)
        await pilot.press("enter")
        await settle(pilot, rounds=5)
        assert app.current_mode == "measures"
        assert app.screen.flt.goal == goal.name
        assert app.screen.table.total == expected
        # a second time, when the Maßnahmen screen is already there
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot, rounds=5)
        assert app.screen.table.total == expected
        assert "Ziel" in str(app.screen.query_one("#info").render())


# -- 3 Sachstand: date and Ampel -------------------------------------------------------------
async def open_review(pilot, app, code):
    await to_measures(pilot)
    app.screen.table.cursor_row = next(
        i for i in range(app.screen.table.total) if app.screen.table.row_at(i)["code"] == code)
    await pilot.press("r")
    await settle(pilot)
    return app.screen


async def test_review_of_last_weeks_meeting_gets_last_weeks_date(demo_db):
    code = open_code(demo_db, not_assessment="rot")
    async with running(demo_db) as (app, pilot):
        dialog = await open_review(pilot, app, code)
        date_box = dialog.query_one("#in-date", Input)
        assert date_box.value == "21.11.2026"  # today, German
        await type_text(pilot, "Treffen letzte Woche")
        date_box.value = "14.11.2026"
        await pilot.pause()
        assert dialog.query_one("#in-next", Input).value == "14.05.2027"  # the proposal follows the date
        await pilot.press("ctrl+s")
        await settle(pilot)
    m = stored(demo_db, code)
    assert m.reviews[0].note == "Treffen letzte Woche"
    assert m.reviews[0].date.isoformat() == "2026-11-14"
    assert m.review_date.isoformat() == "2027-05-14"


async def test_review_refuses_a_date_that_is_no_date(demo_db):
    from massnahmen.tui.review_dialog import ReviewDialog

    code = open_code(demo_db, not_assessment="rot")
    before = stored(demo_db, code, reviews=None)
    async with running(demo_db) as (app, pilot):
        dialog = await open_review(pilot, app, code)
        await type_text(pilot, "Notiz")
        date_box = dialog.query_one("#in-date", Input)
        date_box.value = "31.02.2026"
        await pilot.pause()
        assert "kein gültiges Datum" in str(dialog.query_one("#err-date", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewDialog)
        assert app.focused is date_box
        date_box.value = "20.11.2026"
        await pilot.pause()
        assert not dialog.query_one("#err-date").has_class("shown")
    assert len(stored(demo_db, code, reviews=None).reviews) == len(before.reviews)


async def test_review_refuses_a_date_after_today(demo_db):
    from massnahmen.tui.review_dialog import ReviewDialog

    code = open_code(demo_db, not_assessment="rot")
    before = stored(demo_db, code, reviews=None)
    async with running(demo_db) as (app, pilot):
        dialog = await open_review(pilot, app, code)
        await type_text(pilot, "Notiz")
        date_box = dialog.query_one("#in-date", Input)
        date_box.value = "21.11.2036"  # a typo for 2026
        await pilot.pause()
        assert "„21.11.2036“ liegt in der Zukunft" in str(dialog.query_one("#err-date", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewDialog)
    assert len(stored(demo_db, code, reviews=None).reviews) == len(before.reviews)


async def test_review_ampel_unchanged_differs_from_not_rated(demo_db):
    code = open_code(demo_db, not_assessment="rot")
    before = stored(demo_db, code)
    assert before.assessment is not None
    async with running(demo_db) as (app, pilot):
        dialog = await open_review(pilot, app, code)
        ampel = dialog.query_one("#in-assessment", Select)
        assert ampel.value == "keep"
        assert f"unverändert – {assessment_text(before.assessment)}" in rendered(app)
        await type_text(pilot, "Erstmal nichts")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert stored(demo_db, code).assessment == before.assessment  # unverändert keeps it
        dialog = await open_review(pilot, app, code)
        await type_text(pilot, "Neu aufgesetzt")
        dialog.query_one("#in-assessment", Select).value = "none"
        await pilot.press("ctrl+s")
        await settle(pilot)
    m = stored(demo_db, code)
    assert m.reviews[0].note == "Neu aufgesetzt"
    assert m.assessment is None and m.reviews[0].assessment is None


# -- 4 words and keys ------------------------------------------------------------------------
async def test_command_palette_speaks_german(demo_db):
    from textual.command import CommandInput

    async with running(demo_db) as (app, pilot):
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert app.screen.query_one(CommandInput).placeholder == "Befehle suchen …"
        await type_text(pilot, "xyzqq")
        options = await palette_searched(pilot)  # it says so after half a second
        texts = [str(options.get_option_at_index(i).prompt.renderable) for i in range(options.option_count)]
        assert any("Keine Treffer" in t for t in texts), texts
        assert not any("No matches" in t for t in texts)


def footer_words(app) -> list[str]:
    return [b.binding.description for b in app.screen.active_bindings.values() if b.enabled and b.binding.show]


async def test_one_measure_is_counted_in_the_singular(demo_db):
    from massnahmen.tui.query import TuiFilter

    with Store.open(demo_db) as s:
        goal = next(g for g in catalog.list_goals(s)
                    if count_measures(s, MeasureFilter(goal=f"#{g.id}")) == 1)
    async with running(demo_db) as (app, pilot):
        app.show_measures(TuiFilter(goal=f"#{goal.id}"))
        await settle(pilot, rounds=5)
        info = str(app.screen.query_one("#info").render())
        assert info.startswith("1 Maßnahme ·"), info
        assert "1 Maßnahmen" not in info


async def test_archive_footer_offers_to_bring_back_not_to_archive(demo_db):
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        assert "Archivieren" in footer_words(app) and "Zurückholen" not in footer_words(app)
        await pilot.press("A")
        await settle(pilot)
        assert app.screen.flt.archived == "only"
        assert "Zurückholen" in footer_words(app) and "Archivieren" not in footer_words(app)
        code = app.screen.table.row_at(0)["code"]
        await pilot.press("a")  # asks first
        await pilot.pause()
        await pilot.click("#yes")
        await settle(pilot)
    assert not stored(demo_db, code).archived


async def test_ctrl_home_and_end_jump_to_first_and_last_row(demo_db):
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        table = app.screen.table
        await pilot.press("down", "down")
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert table.cursor_row == table.total - 1 > 2
        await pilot.press("ctrl+home")
        await settle(pilot)
        assert table.cursor_row == 0


# -- 5 forms ---------------------------------------------------------------------------------
def shown_errors(screen) -> dict[str, str]:
    return {e.id.removeprefix("err-"): str(e.render()) for e in screen.query(".ferror.shown")}


async def test_empty_new_measure_focuses_the_first_field_with_an_error(demo_db):
    from massnahmen.tui.forms import MeasureForm

    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MeasureForm)
        form.query_one("#in-title", Input).focus()  # the cursor elsewhere than the first error
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        errors = shown_errors(form)
        assert {"code", "title", "field"} <= set(errors)
        assert app.focused is form.query_one("#in-code", Input)  # the topmost of them


async def test_a_corrected_error_disappears(demo_db):
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert {"code", "title", "field"} <= set(shown_errors(form))
        await type_text(pilot, "9.9.9")
        form.query_one("#in-title", Input).value = "Neuer Titel"
        field = form.query_one("#in-field", Select)
        field.value = next(v for _p, v in field._options if v is not Select.NULL)
        await settle(pilot)
        assert shown_errors(form) == {}
        form.query_one("#in-description", TextArea).text = "x" * 100_001
        await settle(pilot)
        assert "zu lang" in shown_errors(form).get("description", "")
        form.query_one("#in-description", TextArea).text = "kurz"
        await settle(pilot)
        assert "description" not in shown_errors(form)


async def test_small_form_error_goes_when_filled(demo_db):
    async with running(demo_db) as (app, pilot):
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        form = app.screen
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "name" in shown_errors(form)
        await type_text(pilot, "Neues Ziel")
        await settle(pilot)
        assert shown_errors(form) == {}


async def test_new_goal_names_its_field_in_the_title(demo_db):
    from massnahmen.tui.catalog_forms import GoalForm

    with Store.open(demo_db) as s:
        field = catalog.list_fields(s)[1]
    async with running(demo_db) as (app, pilot):
        await pilot.press("4")
        await settle(pilot)
        screen = app.screen
        row = next(i for i, (kind, f) in enumerate(screen.rows) if kind == "field" and f.code == field.code)
        screen.query_one("#fields-table", DataTable).move_cursor(row=row + 1)  # on one of its goals
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, GoalForm)
        title = str(app.screen.query_one("#form-title").render())
        assert title == f"Neues Ziel im Handlungsfeld „{field.code} {field.name}“"


async def test_go_to_code_opens_exactly_that_measure_also_an_archived_one(demo_db):
    from massnahmen.store.measures import query_measures, set_archived

    with Store.open(demo_db) as s:
        codes = [r["code"] for r in query_measures(s, MeasureFilter())]
        wanted, archived = codes[-3], codes[-1]
        set_archived(s, archived, True)
    async with running(demo_db) as (app, pilot):
        for code, mode in ((wanted, "exclude"), (archived, "only")):
            await pilot.press("g")
            await settle(pilot)
            await type_text(pilot, code)
            await pilot.press("enter")
            await settle(pilot)
            table = app.screen.table
            assert app.current_mode == "measures"
            assert table.row_at(table.cursor_row)["code"] == code
            assert table.scroll_y <= table.cursor_row < table.scroll_y + table.body_height  # in view
            assert app.screen.flt.archived == mode
        await pilot.press("g")
        await settle(pilot)
        await type_text(pilot, "99.99.99")
        await pilot.press("enter")
        await settle(pilot)
        assert table.row_at(table.cursor_row)["code"] == archived  # nothing moved
        assert any("99.99.99" in str(n.message) and "gibt es nicht" in str(n.message)
                   for n in app._notifications)
