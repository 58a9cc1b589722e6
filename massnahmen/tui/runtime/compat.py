"""The one module that touches Textual's private names (Textual is pinned to 8.2.x).

Everywhere else the TUI uses Textual's public API only (tests/unit/test_tui_house.py checks that
nothing outside tui/runtime imports a private Textual module or reads an attribute starting with
`_` on a Textual object). What is left here has no public way to do it in Textual 8.2; `PRIVATE`
lists each name with its reason, and tests/tui/test_compat.py checks every one against the
installed Textual, so that a release renaming one fails in a test rather than at an officer's desk.
"""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.screen import Screen
from textual.widgets._select import SelectCurrent, SelectOverlay
from textual.widgets.option_list import Option

__all__ = ["PRIVATE", "GermanCommandPalette", "SelectCurrent", "SelectOverlay", "compose_ahead", "styled_as_app"]

# (where, name) → why it is used; `where` is the module or class the name is looked up in
PRIVATE: dict[tuple[str, str], str] = {
    (
        "textual.widgets._select",
        "SelectCurrent",
    ): "the Choice widget (tui/widgets/choice.py) draws Select's current value in one widget instead of "
    "three; Select looks its current-value widget up by this class, which only the private module has",
    (
        "textual.widgets._select",
        "SelectOverlay",
    ): "the list that opens under a Choice: Select's own, which Choice composes itself",
    (
        "textual.app.App",
        "_css_update_count",
    ): "a screen made after the first one would make Textual re-read every stylesheet (≈ 70 ms at each "
    "first visit of a screen); our screens have no CSS of their own, so they are marked up to date "
    "(styled_as_app)",
    ("textual.screen.Screen", "_css_update_count"): "see App._css_update_count",
    (
        "textual.app.App",
        "_get_screen",
    ): "composes, styles and fills the kept measure form while the officer reads (compose_ahead), so "
    "that `e` shows it at once; the public push_screen would show it",
    (
        "textual.command.CommandPalette",
        "_start_no_matches_countdown",
    ): "the palette's line for no matches is English and no parameter: GermanCommandPalette replaces "
    "the countdown that adds it",
    ("textual.command.CommandPalette", "_stop_no_matches_countdown"): "see _start_no_matches_countdown",
    ("textual.command.CommandPalette", "_NO_MATCHES"): "the id of the no-matches line (Textual removes it by id)",
    ("textual.command.CommandPalette", "_NO_MATCHES_COUNTDOWN"): "Textual's delay before the line shows",
    ("textual.command.CommandPalette", "_list_visible"): "shows or hides the list under the search box",
    ("textual.command.CommandPalette", "_no_matches_timer"): "the countdown's timer, stopped by Textual",
}


def styled_as_app(screen: Screen, app: App) -> None:
    """Mark a screen's styles as up to date with the app's stylesheet: Textual re-reads and
    re-applies every stylesheet (about 70 ms) when a screen's CSS counter lags behind the app's, as
    a new screen's does and, after Textual's start, the first screen's. Only for screens without
    CSS of their own (styles.tcss is the app's; their widgets' defaults are added as they mount)."""
    screen._css_update_count = app._css_update_count


def compose_ahead(app: App, screen: Screen) -> None:
    """Compose, style and lay out an installed screen without showing it."""
    app._get_screen(screen)


class GermanCommandPalette(CommandPalette):
    """Textual's command palette with German texts: the placeholder is a parameter, the line for
    no matches is not (Textual shows it in English), so the countdown that adds it is replaced."""

    NO_MATCHES = "Keine Treffer"

    def __init__(self) -> None:
        super().__init__(placeholder="Befehle suchen …", id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:  # an empty search only lists the commands: nothing to say
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(self.NO_MATCHES, style="not bold")), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
