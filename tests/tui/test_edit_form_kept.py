"""The edit form is built once and kept: opened again it shows the next measure, nothing of the
last one (values, errors, status line), and it saves only that measure."""

from textual.widgets import Input

from massnahmen.tui.forms import MeasureForm
from tests.tui.pilot import first_code, running, settle, stored, to_measures, type_text


async def test_the_kept_form_shows_the_next_measure_and_nothing_of_the_last(demo_db):
    first = first_code(demo_db)
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MeasureForm) and form.code == first
        form.query_one("#in-review_date", Input).value = "31.02.2027"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert form.query(".ferror.shown")  # the error is shown
        await pilot.press("escape")  # discard? yes
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("down", "e")
        await settle(pilot)
        second = app.screen.code
        assert app.screen is form and second != first  # the same form, the next measure
        assert f"Maßnahme {second} bearbeiten" in str(form.query_one("#form-title").render())
        assert not form.query(".ferror.shown") and not form.query(".frow.invalid")
        assert form.query_one("#in-review_date", Input).value == (
            stored(demo_db, second).review_date.strftime("%d.%m.%Y") if stored(demo_db, second).review_date else "")
        assert app.focused is form.query_one("#in-title", Input)
        await pilot.press("end")
        await type_text(pilot, " (geprüft)")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert stored(demo_db, second).title.endswith(" (geprüft)")
    assert not stored(demo_db, first).title.endswith(" (geprüft)")
    assert stored(demo_db, first).review_date != "2027-02-31"


async def test_a_new_colour_scheme_builds_the_form_anew(demo_db):
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        await pilot.press("e")
        await settle(pilot)
        before = app.screen
        await pilot.press("escape")
        await settle(pilot)
        app.theme = "massnahmen-kontrast"
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, MeasureForm) and app.screen is not before
