"""Findings of an officer's trial of the TUI, each checked in what the screen shows or the file stores."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from massnahmen.store import catalog
from massnahmen.store.db import Store
from massnahmen.store.measures import MeasureFilter, count_measures
from tests.tui.pilot import running, settle

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
