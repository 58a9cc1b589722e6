"""Filters of several values, „alle offenen“, and saved views shared through the file."""

from textual.widgets import Select, SelectionList

from massnahmen.store import catalog
from massnahmen.store.db import Store
from massnahmen.store.measures import MeasureFilter, count_measures
from massnahmen.store.views import list_views, save_view
from massnahmen.tui.dialogs.common import ConfirmDialog
from massnahmen.tui.query import TuiFilter
from massnahmen.tui.dialogs.views import FilterDialog, ViewsDialog
from tests.tui.pilot import running, settle, to_measures, type_text


def info(app) -> str:
    return str(app.screen.query_one("#info").render())


def counted(db, **flt) -> int:
    with Store.open(db) as s:
        return count_measures(s, MeasureFilter(**flt))


async def test_several_statuses_and_fields_at_once(demo_db):
    expected = counted(demo_db, statuses=["geplant", "in_umsetzung"], fields=["1", "4"])
    assert 0 < expected < counted(demo_db)
    async with running(demo_db, size=(120, 40)) as (app, pilot):  # the whole summary fits (at 80: up to a word, „…“)
        await to_measures(pilot)
        await pilot.press("f")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FilterDialog)
        dialog.query_one("#flt-status", SelectionList).select("geplant").select("in_umsetzung")
        dialog.query_one("#flt-fields", SelectionList).select("1").select("4")
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=5)
        assert app.screen.table.total == expected
        assert "Felder 1, 4" in info(app) and "Status geplant, in Umsetzung" in info(app)


async def test_the_ampel_filter_takes_several_values(demo_db):
    """rot and gelb at once: the measures with either Ampel (also „nicht bewertet“ with them)."""
    from textual.widgets import Checkbox

    expected = counted(demo_db, assessments=["rot", "gelb"])
    assert counted(demo_db, assessment="rot") < expected < counted(demo_db)
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("#flt-assessment-rot", Checkbox).value = True
        app.screen.query_one("#flt-assessment-gelb", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=5)
        assert app.screen.table.total == expected
        assert "Ampel gelb oder rot" in info(app)  # in the order of the Ampel
        await pilot.press("f")
        await settle(pilot)
        assert app.screen.query_one("#flt-assessment-gelb", Checkbox).value  # the dialog shows the filter
        app.screen.query_one("#flt-assessment-none", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=5)
        assert app.screen.table.total == counted(demo_db, assessments=["rot", "gelb", "none"]) > expected


async def test_all_open_from_the_status_choice(demo_db):
    expected = counted(demo_db, open_only=True)
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        app.screen.query_one("#f-status", Select).value = "open"
        await settle(pilot, rounds=5)
        assert app.screen.table.total == expected < counted(demo_db)
        assert "alle offenen" in info(app)


async def test_the_filter_line_names_the_contact_not_its_number(demo_db):
    with Store.open(demo_db) as s:
        contact = next(c for c in catalog.list_contacts(s) if c.measures)
    async with running(demo_db, size=(120, 40)) as (app, pilot):
        await to_measures(pilot)
        app.show_measures(TuiFilter(contact=f"#{contact.id}"))
        await settle(pilot, rounds=5)
        assert f"Zuständig {contact.display}" in info(app)
        assert f"#{contact.id}" not in info(app)


async def test_a_saved_view_is_there_for_a_colleague_and_shows_the_same_rows(demo_db, monkeypatch):
    expected = counted(demo_db, overdue=True)
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        await pilot.press("u")  # only overdue, sorted by Wiedervorlage
        await settle(pilot, rounds=5)
        await pilot.press("V")
        await settle(pilot)
        await type_text(pilot, "Meine Überfälligen")
        await pilot.press("enter")
        await settle(pilot)
    with Store.open(demo_db) as s:
        (view,) = list_views(s)
    assert view.name == "Meine Überfälligen" and view.filter == {"overdue": True, "sort": "review_date"}
    monkeypatch.setenv("MASSNAHMEN_USER", "Kollegin")
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        assert app.screen.table.total > expected
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ViewsDialog)
        await pilot.press("enter")
        await settle(pilot, rounds=5)
        assert app.screen.table.total == expected
        assert app.screen.table.flt.sort == "review_date" and "nur überfällig" in info(app)


async def test_a_taken_name_is_replaced_only_when_confirmed_and_a_view_can_be_deleted(demo_db):
    with Store.open(demo_db) as s:
        save_view(s, "AG Wohnen", {"field": "4"})
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        await pilot.press("V")
        await settle(pilot)
        await type_text(pilot, "AG Wohnen")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # not replaced
        await settle(pilot)
        with Store.open(demo_db) as s:
            assert list_views(s)[0].filter == {"field": "4"}
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
    with Store.open(demo_db) as s:
        assert list_views(s) == []
