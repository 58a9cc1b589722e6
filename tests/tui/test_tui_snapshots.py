"""Snapshots of the TUI on the fixed-date demo concept (MASSNAHMEN_TODAY=2026-11-21), fixed sizes."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from massnahmen.store.db import Store
from tests.tui.pilot import settle_for_picture

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.renders]


@pytest.fixture
def app(demo_db, monkeypatch):
    """The app on the demo copy, opened by its relative name so the path shown is always the same."""
    from massnahmen.tui.runtime.app import MassnahmenApp

    monkeypatch.chdir(demo_db.parent)
    store = Store.open("demo.db")
    yield MassnahmenApp(store, poll_seconds=0)
    store.close()



def test_overview(app, snap_compare):
    assert snap_compare(app, terminal_size=(110, 40), run_before=settle_for_picture)


# the table: in every scheme at 80×24 and 120×40 in test_themes_tui.py


def test_edit_form_with_validation_error(app, snap_compare):
    async def before(pilot):
        await settle_for_picture(pilot)
        await pilot.press("2")
        await settle_for_picture(pilot)
        await pilot.press("e")
        await settle_for_picture(pilot)
        form = pilot.app.screen
        form.query_one("#in-review_date", Input).value = "31.02.2026"
        form.query_one("#in-title", Input).value = ""
        await pilot.press("ctrl+s")
        await settle_for_picture(pilot)

    assert snap_compare(app, terminal_size=(110, 40), run_before=before)


def test_review_dialog(app, snap_compare):
    async def before(pilot):
        await settle_for_picture(pilot)
        await pilot.press("2")
        await settle_for_picture(pilot)
        await pilot.press("r")
        await settle_for_picture(pilot)
        await pilot.press("G", "e", "s", "p", "r", "ä", "c", "h")
        await settle_for_picture(pilot)

    assert snap_compare(app, terminal_size=(110, 36), run_before=before)


def test_edit_form_scrolled_at_30_rows(app, snap_compare):
    """At 30 rows the form scrolls: a visible scrollbar, the focused field (Notizen) in view."""

    async def before(pilot):
        await settle_for_picture(pilot)
        await pilot.press("2")
        await settle_for_picture(pilot)
        await pilot.press("e")
        await settle_for_picture(pilot)
        pilot.app.screen.query_one("#in-notes").focus()
        await settle_for_picture(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=before)
