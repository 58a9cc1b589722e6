"""The TUI's search finds what is typed without umlauts (ü = ue = u, ß = ss)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from massnahmen.store.db import Store
from massnahmen.store.measures import add_measure
from tests.tui.pilot import running, settle, to_measures, type_text

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_search_typed_without_umlauts(demo_db):
    with Store.open(demo_db) as s:
        add_measure(s, {"code": "9.9.1", "title": "Bürgerbeteiligung für die Müllerstraße", "field": "1"})
    async with running(demo_db) as (app, pilot):
        await to_measures(pilot)
        await pilot.press("slash")
        await type_text(pilot, "Buergerbeteiligung fuer muellerstrasse")
        await settle(pilot)
        table = app.screen.table
        assert app.screen.query_one("#search", Input).value == "Buergerbeteiligung fuer muellerstrasse"
        assert table.total == 1
        assert table.current_row()["code"] == "9.9.1"
