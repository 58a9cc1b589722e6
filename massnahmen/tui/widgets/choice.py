"""A choice list for forms that looks and works like Textual's Select, with two widgets less.

Textual's Select shows its value in a row of three widgets (the text and an arrow up and down).
Forms hold up to seven choice lists, and every widget costs time when a form is built, styled and
laid out; `Choice` draws its value and arrow in one widget instead. Everything else – the list
that opens, the keys, `value`, `set_options`, `Select.Changed` – is Select's own.

The current-value widget is a subclass of Textual's (from its private module `_select`, reached
through tui/runtime/compat.py), so that Select finds it as before; tests/tui/test_choice.py and
tests/tui/test_compat.py fail if a Textual update changes what this relies on."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Select
from textual.widgets.select import NoSelection

from massnahmen.tui.runtime.compat import SelectCurrent, SelectOverlay


class ChoiceCurrent(SelectCurrent):
    """The chosen value (or the prompt) and the arrow, drawn in one line by this widget itself."""

    COMPONENT_CLASSES = {"choice--prompt", "choice--arrow"}
    DEFAULT_CSS = """
    ChoiceCurrent > .choice--prompt, ChoiceCurrent > .choice--arrow { color: $foreground 50%; }
    App.-light-mode ChoiceCurrent > .choice--prompt, App.-light-mode ChoiceCurrent > .choice--arrow {
        color: $text-muted;
    }
    """

    def compose(self) -> ComposeResult:
        return ()

    def get_content_height(self, container, viewport, width: int) -> int:
        return 1  # one line of text (a container of nothing would be 0 high)

    def update(self, label) -> None:
        self.label = label
        self.has_value = not isinstance(label, NoSelection)
        self.refresh()

    def render(self) -> Text:
        width = self.content_size.width
        if self.has_value:
            text = self.label.copy() if isinstance(self.label, Text) else Text(str(self.label))
        else:
            text = Text(str(self.placeholder), style=self.get_component_rich_style("choice--prompt"))
        text.no_wrap = True
        room = max(width - 2, 1)
        text.truncate(room, overflow="ellipsis", pad=True)
        expanded = isinstance(self.parent, Select) and self.parent.expanded
        text.append(" " + ("▲" if expanded else "▼"), style=self.get_component_rich_style("choice--arrow"))
        return text


class Choice(Select):
    """Select with a one-widget current value (see the module's text)."""

    def __init__(self, options: Iterable[tuple[RenderableType, Any]], *, type_to_search: bool = True, **kwargs) -> None:
        options = list(options)
        super().__init__(options, type_to_search=type_to_search, **kwargs)
        self.searches_as_typed = type_to_search
        self.choices: list[tuple[RenderableType, Any]] = options  # (prompt, value), as given

    def set_options(self, options: Iterable[tuple[RenderableType, Any]]) -> None:
        options = list(options)
        super().set_options(options)
        self.choices = options

    def offers(self, value: object) -> bool:
        """Whether value is one of the choices."""
        return any(v == value for _prompt, v in self.choices)

    def prompt_of(self, value: object) -> RenderableType | None:
        """The text shown for value, None when it is no choice."""
        return next((prompt for prompt, v in self.choices if v == value), None)

    def compose(self) -> ComposeResult:
        yield ChoiceCurrent(self.prompt)
        yield SelectOverlay(type_to_search=self.searches_as_typed).data_bind(compact=Select.compact)

    def watch_expanded(self, expanded: bool) -> None:
        self.query_one(ChoiceCurrent).refresh()  # the arrow turns
