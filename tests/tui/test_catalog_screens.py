"""The contacts and fields screens: add, edit, remove with reassignment."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Select

from massnahmen.store import catalog
from massnahmen.store.db import Store
from massnahmen.store.measures import MeasureFilter, count_measures, query_measures
from tests.tui.pilot import running, settle

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


# -- contacts and fields ---------------------------------------------------------------------
async def test_contacts_add_edit_and_remove_in_use(demo_db):
    from massnahmen.tui.screens.contacts import ReassignDialog

    async with running(demo_db) as (app, pilot):
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#in-name", Input).value = "Zoe Zimmermann"
        app.screen.query_one("#in-organisation", Input).value = "Quartiersmanagement"
        await pilot.press("ctrl+s")
        await settle(pilot)
        with Store.open(demo_db) as s:
            assert catalog.get_contact(s, "Zoe Zimmermann").organisation == "Quartiersmanagement"
            busy = max(catalog.list_contacts(s), key=lambda c: c.measures)
            other = next(c for c in catalog.list_contacts(s) if c.id != busy.id)
            n_busy = count_measures(s, MeasureFilter(contact=f"#{busy.id}", archived="include"))
            n_other = count_measures(s, MeasureFilter(contact=f"#{other.id}", archived="include"))
        screen = app.screen
        table = screen.query_one("#c-table", DataTable)
        table.move_cursor(row=next(i for i, c in enumerate(screen.contacts) if c.id == busy.id))
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#in-phone", Input).value = "0351 4711"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ReassignDialog)
        app.screen.query_one("#target", Select).value = f"#{other.id}"
        await pilot.click("#move")
        await settle(pilot)
    with Store.open(demo_db) as s:
        assert all(c.id != busy.id for c in catalog.list_contacts(s))
        assert count_measures(s, MeasureFilter(contact=f"#{other.id}", archived="include")) == n_busy + n_other


async def test_a_new_contact_is_shown_also_when_a_search_would_hide_it(demo_db):
    async with running(demo_db) as (app, pilot):
        await pilot.press("3")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#c-search", Input).value = "Löffler"
        await settle(pilot)
        assert all("Zimmermann" not in c.name for c in screen.contacts) and screen.contacts
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#in-name", Input).value = "Zoe Zimmermann"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and screen.query_one("#c-search", Input).value == ""
        assert screen.current().name == "Zoe Zimmermann"  # in the list, highlighted


async def test_contact_enter_shows_their_measures(demo_db):
    async with running(demo_db) as (app, pilot):
        await pilot.press("3")
        await settle(pilot)
        contact = app.screen.current()
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "measures"
        with Store.open(demo_db) as s:
            assert app.screen.table.total == count_measures(s, MeasureFilter(contact=f"#{contact.id}"))


async def test_the_detail_pane_lists_the_highlighted_contacts_measures(demo_db):
    async with running(demo_db, size=(120, 40)) as (app, pilot):
        await pilot.press("3")
        await settle(pilot)
        seen = []
        for _ in range(3):
            contact = app.screen.current()
            with Store.open(demo_db) as s:
                codes = [r["code"] for r in query_measures(s, MeasureFilter(contact=f"#{contact.id}"), limit=15)]
            text = str(app.screen.query_one("#c-detail-text").render())
            assert contact.display in text and "lädt" not in text
            assert all(f"  {code} " in text for code in codes) and (codes or "0 Maßnahmen" in text)
            seen.append((contact.id, tuple(codes)))
            await pilot.press("down")
            await settle(pilot)
        assert len({cid for cid, _ in seen}) == 3 and len({codes for _, codes in seen}) > 1


async def test_contacts_are_drawn_again_only_when_they_changed(demo_db):
    from massnahmen.store.measures import update_measure

    async with running(demo_db) as (app, pilot):
        await pilot.press("3")
        await settle(pilot)
        table = app.screen.query_one("#c-table", DataTable)
        contact = app.screen.current()
        first_cell = table.get_cell_at((0, 0))
        with Store.open(demo_db) as s:  # a change that no contact shows
            code = query_measures(s, MeasureFilter(), limit=1)[0]["code"]
            update_measure(s, code, {"notes": "nur eine Notiz"})
        app.refresh_screens(announce=False)
        await settle(pilot)
        assert table.get_cell_at((0, 0)) is first_cell  # the same rows, not drawn again
        with Store.open(demo_db) as s:  # one more measure for the highlighted contact
            other = next(r["code"] for r in query_measures(s, MeasureFilter())
                         if r["contact_id"] != contact.id)
            update_measure(s, other, {"contact": f"#{contact.id}"})
        app.refresh_screens(announce=False)
        await settle(pilot)
        assert app.screen.current().measures == contact.measures + 1
        row = table.get_row(f"#{contact.id}")
        assert str(row[-1]) == str(contact.measures + 1)
        assert f"Zuständig für {contact.measures + 1}" in str(app.screen.query_one("#c-detail-text").render())


async def test_fields_and_goals_add_and_remove_with_move(demo_db):
    from massnahmen.tui.screens.contacts import ReassignDialog

    async with running(demo_db) as (app, pilot):
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#in-code", Input).value = "10"
        app.screen.query_one("#in-name", Input).value = "Digitale Teilhabe"
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#fields-table", DataTable)
        table.move_cursor(row=next(i for i, (k, x) in enumerate(screen.rows) if k == "field" and x.code == "10"))
        await pilot.press("g")
        await pilot.pause()
        app.screen.query_one("#in-name", Input).value = "Alle kommen ins Netz"
        await pilot.press("ctrl+s")
        await settle(pilot)
        with Store.open(demo_db) as s:
            assert [g.name for g in catalog.list_goals(s, "10")] == ["Alle kommen ins Netz"]
            first = catalog.list_fields(s)[0]
            moved = count_measures(s, MeasureFilter(field=first.code, archived="include"))
        table.move_cursor(row=next(i for i, (k, x) in enumerate(screen.rows) if k == "field" and x.code == first.code))
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ReassignDialog)
        app.screen.query_one("#target", Select).value = "10"
        await pilot.click("#move")
        await settle(pilot)
    with Store.open(demo_db) as s:
        assert first.code not in [f.code for f in catalog.list_fields(s)]
        assert count_measures(s, MeasureFilter(field="10", archived="include")) == moved
