"""A choice list for forms that looks and works like Textual's Select, with two widgets less.

Textual's Select shows its value in a row of three widgets (the text and an arrow up and down).
Forms hold up to seven choice lists, and every widget costs time when a form is built, styled and
laid out; `Choice` draws its value and arrow in one widget instead. Everything else – the list
that opens, the keys, `value`, `set_options`, `Select.Changed` – is Select's own.

The current-value widget is a subclass of Textual's (from its private module `_select`, which the
pinned Textual version keeps), so that Select finds it as before; tests/tui/test_choice.py fails
if a Textual update changes what this relies on."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Select
from textual.widgets._select import NoSelection, SelectCurrent, SelectOverlay


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

    def compose(self) -> ComposeResult:
        yield ChoiceCurrent(self.prompt)
        yield SelectOverlay(type_to_search=self._type_to_search).data_bind(compact=Select.compact)

    def watch_expanded(self, expanded: bool) -> None:
        self.query_one(ChoiceCurrent).refresh()  # the arrow turns
