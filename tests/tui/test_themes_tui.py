"""Colour schemes (chosen in the palette, remembered per officer), the palette's search without
umlauts, copying a measure's values to the clipboard; snapshots of the light and high-contrast schemes."""

from __future__ import annotations

import pytest

from massnahmen.store.db import Store
from massnahmen.store.views import get_preference, set_preference
from massnahmen.domain.ideas import IDEA_STATUS
from massnahmen.tui.styles import PALETTES
from massnahmen.tui.themes import PALETTE_OF_THEME
from tests.tui.pilot import (
    notifications, palette_searched, running, settle, settle_for_picture, to_measures, type_text,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SCHEMES = {"Dunkel": ("dunkel", "textual-dark"), "Hell": ("hell", "massnahmen-hell"),
           "Hoher Kontrast": ("kontrast", "massnahmen-kontrast")}


async def palette_hits(pilot, text: str) -> list[str]:
    """Open the palette, type text: the titles of the commands it offers."""
    from textual.command import CommandPalette

    await pilot.press("ctrl+p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CommandPalette)
    await type_text(pilot, text)
    options = await palette_searched(pilot)
    return [str(options.get_option_at_index(i).prompt).split("\n")[0] for i in range(options.option_count)]


async def run_command(pilot, text: str, title: str) -> None:
    """Find the command title by typing text in the palette and run it."""
    from textual.command import CommandList

    hits = await palette_hits(pilot, text)
    assert title in hits, hits
    options = pilot.app.screen.query_one(CommandList)
    options.highlighted = hits.index(title)
    await pilot.press("enter")
    await settle(pilot)


async def pick(pilot, label: str) -> None:
    """Choose label in the small chooser that is open."""
    from textual.widgets import OptionList

    options = pilot.app.screen.query_one("#pick", OptionList)
    labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    options.highlighted = labels.index(label)
    await pilot.press("enter")
    await settle(pilot)


def test_every_scheme_colours_every_term():
    colours = set(PALETTES["dark"])
    for name, palette in PALETTES.items():
        assert colours <= set(palette), (name, colours - set(palette))
    for key in IDEA_STATUS.keys:  # the ideas screen's decisions too
        assert IDEA_STATUS.style(key) in colours


def _contrast(a, b) -> float:
    def lum(colour) -> float:
        r, g, b = (c / 255 for c in colour.get_truecolor())
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((lum(a), lum(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_light_cursor_row_stands_out_also_in_256_colours():
    """Hell: the cursor row was #CFE3F7, in a 256-colour terminal 189 on the grey 188 – nearly
    invisible. Now it differs clearly from the greys, and every marker colour stays readable on it."""
    from rich.color import Color, ColorSystem

    from massnahmen.tui.themes import LIGHT

    for system in (ColorSystem.TRUECOLOR, ColorSystem.EIGHT_BIT):
        cursor = Color.parse(LIGHT.variables["block-cursor-background"]).downgrade(system)
        for grey in (LIGHT.surface, LIGHT.background, LIGHT.panel):
            other = Color.parse(grey).downgrade(system)
            distance = sum((x - y) ** 2 for x, y in zip(cursor.get_truecolor(), other.get_truecolor())) ** 0.5
            assert distance > 80, (system, grey, distance)
        for key, style in PALETTES["light"].items():
            colour = style.split()[-1] if style else ""
            if colour.startswith("#"):
                assert _contrast(Color.parse(colour).downgrade(system), cursor) >= 4.5, (system, key)


async def test_the_ideas_and_a_forms_error_take_the_schemes_colours(demo_db):
    from massnahmen.tui import themes
    from massnahmen.tui.screens.ideas import status_style

    async with running(demo_db) as (app, pilot):
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        for key, theme in SCHEMES.values():  # chosen in the palette: test_each_scheme_is_applied…
            themes.apply(app, key)
            await settle(pilot)
            palette = PALETTES[PALETTE_OF_THEME[theme]]
            assert status_style("nicht_aufgenommen") == palette["idea.nicht_aufgenommen"]
            app.screen.status("Bitte prüfen", error=True)
            assert app.screen.query_one("#form-status").content.style == palette["message.error"]
        assert len({PALETTES[p]["message.error"] for p in PALETTES}) == 3  # each scheme its own red


async def test_each_scheme_is_applied_stored_and_applied_again(demo_db):
    for name, (key, theme) in [*list(SCHEMES.items())[1:], list(SCHEMES.items())[0]]:
        async with running(demo_db) as (app, pilot):
            await run_command(pilot, "farb", "Farbschema")
            await pick(pilot, name)
            assert app.theme == theme
            overdue = app.screen.query_one("#ov-due").get_option_at_index(0).prompt  # re-coloured
            assert overdue.style == PALETTES[PALETTE_OF_THEME[theme]]["hint.overdue"], overdue.style
        with Store.open(demo_db) as s:
            assert get_preference(s, "theme") == key
        async with running(demo_db) as (app, pilot):
            assert app.theme == theme


async def test_the_scheme_is_one_officers_own(demo_db):
    from massnahmen.tui.runtime.app import MassnahmenApp

    with Store.open(demo_db) as s:
        set_preference(s, "theme", "kontrast")
    async with running(demo_db) as (app, pilot):
        assert app.theme == "massnahmen-kontrast"
    other = Store.open(demo_db, user="x")
    try:
        app = MassnahmenApp(other, poll_seconds=0)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert app.theme == "textual-dark"
    finally:
        other.close()


async def test_palette_finds_commands_without_umlauts(demo_db):
    async with running(demo_db) as (app, pilot):
        for typed, title in (("uberf", "Überfällige zeigen"), ("farb", "Farbschema"), ("gehe", "Gehe zu Nr."),
                             ("massnahme", "Neue Maßnahme")):
            hits = await palette_hits(pilot, typed)
            assert hits and hits[0] == title, (typed, hits)
            await pilot.press("escape")
            await settle(pilot)


async def test_copy_values_of_the_highlighted_measure(demo_db):
    async with running(demo_db) as (app, pilot):
        await pilot.press("y")  # only on the Maßnahmen screen
        await settle(pilot)
        assert app.screen is app.screen_stack[0] and not app.screen.query("#pick")
        await to_measures(pilot)
        table = app.screen.table
        with_email = next(i for i in range(table.total) if (table.row_at(i) or {}).get("contact_email"))
        without = next(i for i in range(table.total) if table.row_at(i) and not table.row_at(i).get("contact_email"))

        table.cursor_row = with_email
        await settle(pilot)
        row = table.current_row()
        await run_command(pilot, "nr. kop", "Nr. kopieren")
        assert app.clipboard == row["code"]
        await pilot.press("y")
        await settle(pilot)
        await pick(pilot, "E-Mail kopieren")
        assert app.clipboard == row["contact_email"]
        assert any(n.message == f"Kopiert: {row['contact_email']}" for n in notifications(app))

        table.cursor_row = without
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pick(pilot, "E-Mail kopieren")
        assert app.clipboard == row["contact_email"]  # unchanged
        assert any("keine E-Mail-Adresse" in n.message for n in notifications(app))


# -- snapshots ---------------------------------------------------------------------------------
# One app run per scheme, six pictures: the overview, the table with marked rows and the edit form,
# each at 80×24 and at 120×40 (tests/tui/__snapshots__/test_themes_tui/…[scheme-screen-size].svg).

@pytest.mark.renders
@pytest.mark.parametrize("scheme", ["dunkel", "hell", "kontrast"])
async def test_key_screens_in_each_scheme_at_both_sizes(scheme, demo_db, monkeypatch, snapshot):
    from pytest_textual_snapshot import SVGImageExtension

    from massnahmen.tui.runtime.app import MassnahmenApp

    svg = snapshot.use_extension(SVGImageExtension)
    monkeypatch.chdir(demo_db.parent)  # opened by its relative name: the same path shown everywhere
    with Store.open("demo.db") as store:
        set_preference(store, "theme", scheme)
        app = MassnahmenApp(store, poll_seconds=0)
        async with app.run_test(size=(80, 24)) as pilot:
            for screen in ("overview", "table", "form"):
                if screen == "table":
                    await pilot.press("2")
                    await settle_for_picture(pilot)
                    await pilot.press("space", "down", "space")  # two rows marked, the cursor on the third
                elif screen == "form":
                    await pilot.press("e")
                for width, height in ((80, 24), (120, 40)):
                    await pilot.resize_terminal(width, height)
                    await settle_for_picture(pilot)
                    assert app.export_screenshot(title="massnahmen") == svg(name=f"{screen}-{width}x{height}")
