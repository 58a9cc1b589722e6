"""The edit form is built once and kept: opened again it shows the next measure, nothing of the
last one (values, errors, status line), and it saves only that measure."""

import re

import pytest
from textual.widgets import Input, Select

from massnahmen.tui.dialogs.forms import MeasureForm
from tests.tui.pilot import (Clock, first_code, open_form, running, settle, stored, to_measures, type_text,
                             wait_until)


async def edit_first(pilot) -> MeasureForm:
    form = await open_form(pilot)
    assert isinstance(form, MeasureForm)
    return form


async def test_the_kept_form_shows_the_next_measure_and_nothing_of_the_last(demo_db):
    first = first_code(demo_db)
    async with running(demo_db) as (app, pilot):
        form = await edit_first(pilot)
        assert form.code == first
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
        before = await edit_first(pilot)
        await pilot.press("escape")
        await settle(pilot)
        app.theme = "massnahmen-kontrast"
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, MeasureForm) and app.screen is not before


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """The app's quiet seconds on a clock the test moves: a quiet second is 50 ms of it."""
    from massnahmen.tui.runtime.app import MassnahmenApp

    moved = Clock()
    monkeypatch.setattr(MassnahmenApp, "clock", moved)
    monkeypatch.setattr(MassnahmenApp, "QUIET_SECONDS", 0.05)
    return moved


async def test_the_form_is_built_ahead_once_the_officer_stops_typing(demo_db, clock):
    first = first_code(demo_db)
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        assert not app.is_screen_installed("measure-form")  # not while the table is being filled
        for _ in range(4):  # keys keep coming, each before a quiet second is over: not yet
            await pilot.press("down", "up")
            clock.advance(0.03)
            looked = clock.reads
            await wait_until(pilot, lambda: clock.reads >= looked + 2, "the app to look at its clock twice")
            assert not app.is_screen_installed("measure-form")
        clock.advance(0.05)  # the officer reads
        await wait_until(pilot, lambda: app.is_screen_installed("measure-form")
                         and app.get_screen("measure-form").is_running, "the form built ahead")
        await settle(pilot)
        form = app.get_screen("measure-form")
        assert app.screen is not form  # built, not shown
        await pilot.press("e")
        await settle(pilot)
        assert app.screen is form and form.code == first
        assert form.query_one("#in-title", Input).value == stored(demo_db, first).title
        assert app.focused is form.query_one("#in-title", Input)
        assert form.query_one("#in-title", Input).has_pseudo_class("focus")


async def test_n_shows_the_kept_form_empty_for_a_new_measure(demo_db):
    first = first_code(demo_db)
    async with running(demo_db) as (app, pilot):
        form = await edit_first(pilot)
        form.query_one("#in-status", Select).value = "verworfen"  # shown, not saved
        form.query_one("#in-priority", Select).value = "hoch"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("j")  # verwerfen
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form and form.code is None
        assert form.query_one("#in-status", Select).value == "geplant"  # not the last measure's
        assert all(form.query_one(f"#in-{key}", Select).value is Select.NULL
                   for key in ("field", "goal", "contact", "assessment", "priority"))
        assert "Neue Maßnahme" in str(form.query_one("#form-title").render())
        assert form.query_one("#in-title", Input).value == "" and form.query_one("#in-code", Input).value == ""
        assert app.focused is form.query_one("#in-code", Input)
        await type_text(pilot, "9.9.9")
        await pilot.press("tab")
        await type_text(pilot, "Sprachcafé im Rathaus")
        form.query_one("#in-field", Select).value = stored(demo_db, first).field_code
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
        await pilot.press("e")  # the new one is highlighted; the form edits it
        await settle(pilot)
        assert app.screen is form and form.code == "9.9.9"
        assert "Maßnahme 9.9.9 bearbeiten" in str(form.query_one("#form-title").render())
    assert stored(demo_db, "9.9.9").title == "Sprachcafé im Rathaus"
    assert stored(demo_db, first).title != "Sprachcafé im Rathaus"


@pytest.mark.renders
async def test_the_form_built_ahead_looks_as_one_built_on_the_key(demo_db):
    """Built ahead at 120×40 and shown after the terminal shrank to 80×24 – the same picture as the
    form built when `e` is pressed (Textual does not restyle a kept screen on showing)."""
    async def picture(ahead: bool) -> str:
        async with running(demo_db, size=(120, 40)) as (app, pilot):
            await to_measures(pilot)
            await pilot.press("down", "down")
            if ahead:
                app.screen.build_form_ahead()
                await settle(pilot)
                assert app.get_screen("measure-form").is_running
            await pilot.resize_terminal(80, 24)
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            for widget in app.screen.query("Input, TextArea"):
                widget.cursor_blink = False
            await pilot.pause()
            return re.sub(r"terminal-\d+", "terminal", app.export_screenshot())

    assert await picture(ahead=True) == await picture(ahead=False)


async def test_nothing_is_built_ahead_while_the_form_is_open_and_the_scheme_changes(demo_db, clock, monkeypatch):
    from massnahmen.tui import themes
    from massnahmen.tui.screens.measures import MeasuresScreen

    asked = []
    build_form_ahead = MeasuresScreen.build_form_ahead
    monkeypatch.setattr(MeasuresScreen, "build_form_ahead",
                        lambda screen: (asked.append(screen), build_form_ahead(screen))[1])
    async with running(demo_db) as (app, pilot):
        form = await edit_first(pilot)
        themes.apply(app, "hell")  # while the form is open (from the palette)
        before = len(asked)
        clock.advance(1.0)  # quiet: the Maßnahmen screen behind the form is asked, and builds nothing
        await wait_until(pilot, lambda: len(asked) > before, "a quiet second's work ahead")
        await settle(pilot)
        assert app.screen is form and app.get_screen("measure-form") is form
        app.screen_stack[-2].build_form_ahead()  # asked directly too: nothing while the form is shown
        await settle(pilot)
        assert app.screen is form  # still the same form, still shown
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")  # now built anew, in the new scheme
        await settle(pilot)
        assert isinstance(app.screen, MeasureForm) and app.screen is not form
        assert app.screen.built_for == "massnahmen-hell"
