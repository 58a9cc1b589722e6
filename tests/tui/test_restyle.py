"""Screens keep their styles while hidden (tui.restyle): shown again, they are not restyled as a
whole – unless the colour scheme changed meanwhile, which must still reach them."""

from textual.screen import Screen

from massnahmen.tui.screens.measures import MeasuresScreen
from tests.tui.pilot import running, settle
from tests.tui.test_themes_tui import pick, run_command


async def test_shown_again_without_restyle_but_a_new_scheme_reaches_the_hidden_screen(demo_db, monkeypatch):
    shown: list[tuple[str, bool]] = []
    original = Screen._on_screen_resume

    def record(screen, event):
        shown.append((type(screen).__name__, event.refresh_styles))
        original(screen, event)

    monkeypatch.setattr(Screen, "_on_screen_resume", record)
    async with running(demo_db, size=(120, 40)) as (app, pilot):
        await pilot.press("2")
        await settle(pilot)
        table = app.screen.table
        dark_background = table.styles.background
        await pilot.press("1")
        await settle(pilot)
        shown.clear()
        await pilot.press("2")
        await settle(pilot)
        assert shown == [("MeasuresScreen", False)]  # nothing changed: no second styling
        await pilot.press("1")
        await settle(pilot)
        await run_command(pilot, "farb", "Farbschema")
        await pick(pilot, "Hell")  # while the Maßnahmen screen is hidden
        shown.clear()
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, MeasuresScreen) and app.theme == "massnahmen-hell"
        assert ("MeasuresScreen", True) in shown
        assert dark_background.brightness < 0.3  # the dark scheme's surface …
        assert table.styles.background.brightness > 0.9  # … then the light one's (#F2F2F2)
