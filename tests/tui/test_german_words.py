"""The TUI's own words are German and fit the case: the command palette, a count of one, the key
line of the archive."""

from __future__ import annotations

import pytest

from massnahmen.store import catalog
from massnahmen.store.db import Store
from massnahmen.store.measures import MeasureFilter, count_measures
from tests.tui.pilot import palette_searched, running, settle, stored, to_measures, type_text

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


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
