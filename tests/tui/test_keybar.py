"""The key line: the keys always needed are always there, the screen's own as room allows, a click presses."""

import pytest

from massnahmen.tui.widgets.keybar import KeyBar
from tests.tui.pilot import running, settle


def key_line(app) -> str:
    return str(app.screen.query_one(KeyBar).render())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_help_is_always_on_the_line_with_the_keys_most_needed(demo_db, size):
    async with running(demo_db, size=size) as (app, pilot):
        for screen in "12345":
            await pilot.press(screen)
            await settle(pilot)
            line = key_line(app)
            # F1 is always there; where the screen's own keys do not all fit, it says „alle Tasten“
            assert "F1 Hilfe" in line or "F1 alle Tasten" in line, line
            assert len(line) <= size[0] - 2  # never wider than the terminal: nothing is cut off
        await pilot.press("2")
        await settle(pilot)
        line = key_line(app)
        # the keys an officer needs most, also at 80 columns (there were two: e and r)
        assert line.startswith("e Bearbeiten  r Sachstand  n Neu  / Suchen  f Filter"), line
        assert "F1 alle Tasten" in line  # how to see the rest
        # at 120 columns the right end is whole again (screens, palette, quit); at 80 only F1
        assert ("1–5 Bildschirm" in line) == ("q Beenden" in line) == (size[0] >= 120)


async def test_a_click_on_a_key_presses_it(demo_db):
    async with running(demo_db, size=(120, 40)) as (app, pilot):
        await pilot.press("2")
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        start = next(s for s, _e, key in bar._spans if key == "r")
        await pilot.click(KeyBar, offset=(start + 2, 0))  # +1 for the padding
        await settle(pilot)
        assert type(app.screen).__name__ == "ReviewDialog"


def test_key_names_are_german():
    from massnahmen.tui.widgets.keybar import key_name

    assert [key_name(k) for k in ("escape", "delete", "ctrl+p", "ctrl+s", "f1", "space", "shift+tab", "e", "A")] == \
        ["Esc", "Entf", "Strg+P", "Strg+S", "F1", "Leer", "Umschalt+Tab", "e", "A"]


ENGLISH = ("esc ", "del ", "^", "Dismiss", "menu", "Show ", "Exit ")


async def test_no_english_key_or_word_on_the_line(demo_db):
    from textual.widgets import Select

    async with running(demo_db, size=(120, 40)) as (app, pilot):
        await pilot.press("3")
        await settle(pilot)
        line = key_line(app)
        assert "Entf Entfernen" in line and not any(w in line for w in ENGLISH), line
        await pilot.press("5")  # the ideas' filter lists: one opened shows Textual's own key
        await settle(pilot)
        select = app.screen.query_one("#i-status", Select)
        select.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert select.expanded
        line = key_line(app)
        assert "Esc Menü schließen" in line and not any(w in line for w in ENGLISH), line
