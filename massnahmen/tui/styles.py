"""The TUI's colours for the domain's style names (domain.vocab: "status.umgesetzt", "ampel.rot").
The one style map of the TUI; the CLI has its own (cli.output.STYLES)."""

from __future__ import annotations

from rich.style import Style

STYLES: dict[str, str] = {
    "status.geplant": "bright_black",
    "status.in_umsetzung": "dodger_blue2",
    "status.verstetigt": "cyan",
    "status.zurueckgestellt": "yellow",
    "status.umgesetzt": "green",
    "status.verworfen": "red",
    "ampel.gruen": "green",
    "ampel.gelb": "yellow",
    "ampel.rot": "red",
    "ampel.none": "bright_black",
}


def colour(vocabulary, key: str | None) -> str:
    """The colour of a term (bars, counts, legends); a key without term gets "<vocabulary>.none"."""
    return STYLES[vocabulary.style(key)]


def marker(vocabulary, key: str | None) -> Style | None:
    """A term as a marker in tables and the detail pane: its colour, bold; None without a term."""
    term = vocabulary.by_key.get(key or "")
    return Style.parse("bold " + STYLES[term.style]) if term else None
