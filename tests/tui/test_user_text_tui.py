"""User text in the TUI is shown as typed: never read as Textual markup, control characters shown,
not executed – in toasts, the detail pane and the history dialog (the CLI's side:
tests/cli/test_control_characters.py)."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from massnahmen.domain.errors import NotFound
from massnahmen.store.db import Store
from massnahmen.store.measures import update_measure
from massnahmen.tui.runtime.app import MassnahmenApp
from tests.cli.test_control_characters import assert_clean
from tests.tui.pilot import notifications, running, settle

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

MARKUP_TITLE = "[bold]x[/] [/] [red]"


async def test_tui_toasts_show_markup_and_controls_as_typed(small_db):
    from textual.widgets._toast import Toast

    async with running(small_db, size=(120, 40)) as (app, pilot):
        app.show_error(NotFound(f"Kontakt „{MARKUP_TITLE}\x1b[2J“ gibt es nicht."))
        app.notify(f"Kontakt „{MARKUP_TITLE}\x07“ gespeichert.", markup=True)
        await pilot.pause()
        shown = notifications(app)
        messages = [n.message for n in shown]
        assert all(not n.markup for n in shown)
        assert f"Kontakt „{MARKUP_TITLE}\\x1b[2J“ gibt es nicht." in messages
        assert f"Kontakt „{MARKUP_TITLE}\\x07“ gespeichert." in messages
        assert_clean(*messages)
        # what the toast draws (an unmounted Toast renders only without a title)
        drawn = [str(Toast(n).render()) for n in shown if not n.title]
        assert drawn and all(MARKUP_TITLE in text for text in drawn)


async def test_tui_detail_and_history_show_markup_as_typed(small_db):
    with Store.open(small_db) as s:
        update_measure(s, "1.1.1", {"title": MARKUP_TITLE + "\x1b[2J"})
    store = Store.open(small_db)
    app = MassnahmenApp(store, poll_seconds=0, start="measures")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            detail = "\n".join(str(w.render()) for w in app.screen.query(Static))
            assert MARKUP_TITLE in detail
            assert_clean(detail)
            await pilot.press("h")  # history dialog
            await settle(pilot)
            history = "\n".join(str(w.render()) for w in app.screen.query(Static))
            assert MARKUP_TITLE in history
            assert_clean(history)
    finally:
        store.close()
