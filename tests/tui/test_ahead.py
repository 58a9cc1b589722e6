"""Work ahead while the officer reads (MassnahmenApp.when_quiet): the screens behind 2, 3 and 4 are
built one per quiet moment, never while keys come, and show their data when their key is pressed."""

import asyncio

from textual.widgets import DataTable

from massnahmen.tui.app import MassnahmenApp
from tests.tui.pilot import running, settle


async def test_screens_are_built_ahead_one_per_quiet_moment(demo_db, monkeypatch):
    monkeypatch.setattr(MassnahmenApp, "QUIET_SECONDS", 0.3)
    async with running(demo_db) as (app, pilot):
        # as after the first frame of `massnahmen` (a test's app starts with the collector on, and
        # without switching it back on, nothing is scheduled)
        app.when_quiet(app, app._screen_ahead)
        for _ in range(6):  # keys keep coming: nothing is built
            await pilot.press("down")
            await asyncio.sleep(0.1)
        assert not any(app._screen_stacks.get(mode) for mode in MassnahmenApp.AHEAD)
        await asyncio.sleep(0.45)
        await settle(pilot)
        assert [mode for mode in MassnahmenApp.AHEAD if app._screen_stacks.get(mode)] == ["measures"]
        await asyncio.sleep(1.0)
        await settle(pilot)
        assert all(app._screen_stacks.get(mode) for mode in MassnahmenApp.AHEAD)
        assert app.current_mode == "overview"  # built, not shown
        await pilot.press("3")
        await settle(pilot)
        assert app.current_mode == "contacts" and app.screen.query_one("#c-table", DataTable).row_count > 0
        await pilot.press("2")
        await settle(pilot)
        assert app.screen.table.total > 0 and app.focused is app.screen.table
