"""Screens that keep their styles while they are hidden.

Textual applies the stylesheet to every widget of a screen as the widget is mounted, and then again
to all of them each time the screen is shown (also the first time). For a screen of a hundred
widgets that second pass is a good part of the time from the key to the screen. Nothing the styles
depend on changes while a screen is hidden except the colour scheme and whether the terminal has
the focus; a widget's own changes (focus, a class like "invalid") restyle it as they happen. So a
screen with this mixin is restyled on showing only when one of those two changed since it was
last styled.

The base class sets `refresh_styles` of Textual's ScreenResume event, which Screen's own handler
reads after this one (Textual calls the handlers of each class in the MRO, subclass first; these
are `@on` handlers, so a screen's own `on_mount` or `on_screen_resume` does not replace them);
tests/tui/test_restyle.py
checks that a change of scheme while a screen is hidden still reaches it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on
from textual.screen import Screen

if TYPE_CHECKING:
    from textual import getters

    from massnahmen.tui.runtime.app import MassnahmenApp


class KeepsStyles(Screen):
    """A screen that keeps its styles while hidden: `class MyScreen(KeepsStyles)`, or
    `class MyDialog(KeepsStyles, ModalScreen[...])`."""

    if TYPE_CHECKING:
        app = getters.app(MassnahmenApp)  # (the type checker's; at run time Textual's own)

    _styled_in: tuple | None = None

    def _style_state(self) -> tuple:
        return self.app.theme, self.app.app_focus

    @on(events.Mount)
    def styled_when_mounted(self) -> None:
        self._styled_in = self._style_state()  # every widget got its styles as it was mounted

    @on(events.ScreenResume)
    def restyle_only_if_changed(self, event: events.ScreenResume) -> None:
        state = self._style_state()
        if state == self._styled_in:
            event.refresh_styles = False
        self._styled_in = state
