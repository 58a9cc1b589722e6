"""Another process keeps the file locked (an import on the network drive): saving waits in a
worker, the screen says so and stays live, Esc stops waiting with nothing written."""

import sqlite3
from contextlib import contextmanager

from textual.widgets import Input

from massnahmen.tui.dialogs.forms import MeasureForm
from massnahmen.tui.dialogs.writing import WaitDialog
from tests.tui.pilot import first_code, open_form, running, settle, stored, wait_until


@contextmanager
def locked(db):
    """Another process's write transaction on db, until the block ends."""
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


async def test_esc_stops_waiting_and_nothing_is_written(demo_db):
    code = first_code(demo_db)
    before = stored(demo_db, code)
    async with running(demo_db) as (app, pilot):
        await open_form(pilot, "e")
        with locked(demo_db):
            app.screen.query_one("#in-title", Input).value = "Während des Imports"
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: isinstance(app.screen, WaitDialog), "the waiting dialog")
            await pilot.press("down")  # keys are still handled: the screen is live
            assert "gewartet" in str(app.screen.query_one("#wait-text").render())
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, MeasureForm)
            assert "nichts wurde geändert" in str(app.screen.query_one("#form-status").render())
            assert app.screen.query_one("#in-title", Input).value == "Während des Imports"  # input kept
        assert stored(demo_db, code).version == before.version
        await pilot.press("ctrl+s")  # the file is free again
        await settle(pilot)
    assert stored(demo_db, code).title == "Während des Imports"


async def test_the_save_goes_through_when_the_file_comes_free(demo_db):
    code = first_code(demo_db)
    async with running(demo_db) as (app, pilot):
        await open_form(pilot, "r")
        with locked(demo_db):
            app.screen.query_one("#in-note").text = "Nach dem Import erfasst"
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: isinstance(app.screen, WaitDialog), "the waiting dialog")
        await settle(pilot, rounds=5)
        assert not isinstance(app.screen, WaitDialog)
    assert stored(demo_db, code).reviews[0].note == "Nach dem Import erfasst"
