"""The forms' errors: shown at the field, the cursor on the topmost, gone once corrected; the title
of a new goal names its Handlungsfeld."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Select, TextArea

from massnahmen.store import catalog
from massnahmen.store.db import Store
from tests.tui.pilot import running, settle, to_measures, type_text

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def shown_errors(screen) -> dict[str, str]:
    return {e.id.removeprefix("err-"): str(e.render()) for e in screen.query(".ferror.shown")}


async def test_empty_new_measure_focuses_the_first_field_with_an_error(demo_db):
    from massnahmen.tui.dialogs.forms import MeasureForm

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
    from massnahmen.tui.dialogs.catalog_forms import GoalForm

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
