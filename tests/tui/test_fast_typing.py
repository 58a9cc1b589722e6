"""Keys typed quickly or pasted take effect exactly in the order typed – in the palette, the search
box and the forms (Textual ran Backspace, arrows and Enter after characters typed later, and keys
after „/“ or Strg+P went elsewhere before the field had the focus)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from tests.tui.pilot import running, settle, stored, to_measures, type_keys

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

BACK = ["backspace"] * 10


async def test_the_palette_gets_what_was_typed_after_backspaces(demo_db):
    from textual.command import CommandInput

    async with running(demo_db, size=(80, 24)) as (app, pilot):
        await type_keys(pilot, "ctrl+p", *"farbschema", *BACK, *"uberf")  # Strg+P and the rest at once
        assert app.screen.query_one(CommandInput).value == "uberf"
        await type_keys(pilot, *BACK, *"neue", "left", "left", "backspace", "X")
        assert app.screen.query_one(CommandInput).value == "nXue"


async def test_the_search_box_gets_the_keys_after_slash(demo_db):
    async with running(demo_db, size=(80, 24)) as (app, pilot):
        await type_keys(pilot, "2", "/", *"farbschema", *BACK, *"buerger", "left", "left", "left", "X")
        assert app.screen.query_one("#search", Input).value == "buerXger"
        assert not app.screen.table.marked  # nothing of it went to the table's keys


async def test_a_sachstand_typed_right_after_r(demo_db):
    async with running(demo_db, size=(80, 24)) as (app, pilot):
        await to_measures(pilot)
        await type_keys(pilot, "r", *"Notiz schnell", *["left"] * 7, "backspace", "-", "end", *"!!", "backspace")
        assert app.screen.query_one("#in-note", TextArea).text == "Notiz-schnell!"


async def test_a_title_typed_right_after_e_and_saved(demo_db):
    async with running(demo_db, size=(80, 24)) as (app, pilot):
        await to_measures(pilot)
        code = app.screen.table.current_row()["code"]
        before = stored(demo_db, code).title
        await type_keys(pilot, "e", "end", *" ergaenzt", "backspace", "backspace", "ctrl+s")
        await settle(pilot)
    assert stored(demo_db, code).title == before + " ergaen"


async def test_go_to_nr_typed_at_once_with_enter(demo_db):
    async with running(demo_db, size=(80, 24)) as (app, pilot):
        await type_keys(pilot, "g", *"1.1.3", "enter")
        await settle(pilot)
        assert app.screen.table.current_row()["code"] == "1.1.3"
