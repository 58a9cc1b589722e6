"""The TUI's colours for the domain's style names (domain.vocab: "status.umgesetzt", "ampel.rot") and
for the hints the screens colour themselves ("hint.overdue"), one map per colour scheme: a colour
that reads well on the dark background (yellow, grey) is lost on the light one. The one style map of
the TUI; the CLI has its own (cli.output.STYLES)."""

from __future__ import annotations

from rich.style import Style

PALETTES: dict[str, dict[str, str]] = {
    "dark": {
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
        "hint.overdue": "bold red",
        "hint.due": "yellow",
        "hint.none": "bright_black",
        "idea.neu": "bold",
        "idea.in_pruefung": "yellow",
        "idea.aufgenommen": "green",
        "idea.zusammengefuehrt": "bright_black",
        "idea.nicht_aufgenommen": "red",
        "idea.none": "",
        "message.error": "bold red",
        "message.ok": "green",
        "message.warning": "yellow",
    },
    # on a light background: dark, saturated colours (at least 4.5:1 against the surface #F2F2F2
    # and against the cursor row #FFEF85 of massnahmen-hell, also as 256 colours)
    "light": {
        "status.geplant": "#5A5A5A",
        "status.in_umsetzung": "#1048B0",
        "status.verstetigt": "#006B75",
        "status.zurueckgestellt": "#8A5300",
        "status.umgesetzt": "#1B6E2E",
        "status.verworfen": "#B3122A",
        "ampel.gruen": "#1B6E2E",
        "ampel.gelb": "#8A5300",
        "ampel.rot": "#B3122A",
        "ampel.none": "#5A5A5A",
        "hint.overdue": "bold #B3122A",
        "hint.due": "#8A5300",
        "hint.none": "#5A5A5A",
        "idea.neu": "bold",
        "idea.in_pruefung": "#8A5300",
        "idea.aufgenommen": "#1B6E2E",
        "idea.zusammengefuehrt": "#5A5A5A",
        "idea.nicht_aufgenommen": "#B3122A",
        "idea.none": "",
        "message.error": "bold #B3122A",
        "message.ok": "#1B6E2E",
        "message.warning": "#8A5300",
    },
    # black background, white text: only bright colours; the cursor row is yellow, so a marker
    # there takes the cursor's black ("cursor.markers": "plain")
    "contrast": {
        "status.geplant": "#C8C8C8",
        "status.in_umsetzung": "#6CB6FF",
        "status.verstetigt": "#00FFFF",
        "status.zurueckgestellt": "#FFFF00",
        "status.umgesetzt": "#00FF00",
        "status.verworfen": "#FF7070",
        "ampel.gruen": "#00FF00",
        "ampel.gelb": "#FFFF00",
        "ampel.rot": "#FF7070",
        "ampel.none": "#C8C8C8",
        "hint.overdue": "bold #FF7070",
        "hint.due": "#FFFF00",
        "hint.none": "#C8C8C8",
        "idea.neu": "bold",
        "idea.in_pruefung": "#FFFF00",
        "idea.aufgenommen": "#00FF00",
        "idea.zusammengefuehrt": "#C8C8C8",
        "idea.nicht_aufgenommen": "#FF7070",
        "idea.none": "",
        "message.error": "bold #FF7070",
        "message.ok": "#00FF00",
        "message.warning": "#FFFF00",
        "cursor.markers": "plain",
    },
}

STYLES: dict[str, str] = dict(PALETTES["dark"])
"""The map in use: use_palette changes it in place (so a reference to it stays current)."""


def use_palette(name: str) -> None:
    """Colour from now on with PALETTES[name] (the unknown name: the dark one)."""
    STYLES.clear()
    STYLES.update(PALETTES.get(name, PALETTES["dark"]))


def colour(vocabulary, key: str | None) -> str:
    """The colour of a term (bars, counts, legends); a key without term gets "<vocabulary>.none"."""
    return STYLES[vocabulary.style(key)]


def marker(vocabulary, key: str | None) -> Style | None:
    """A term as a marker in tables and the detail pane: its colour, bold; None without a term."""
    term = vocabulary.by_key.get(key or "")
    return Style.parse("bold " + STYLES[term.style]) if term else None


def markers_on_cursor() -> bool:
    """Whether a marker keeps its colour on the cursor row (not on a bright cursor)."""
    return STYLES.get("cursor.markers") != "plain"


def hint(name: str) -> str:
    """The style of a hint: "overdue", "due", "none" (no Wiedervorlage)."""
    return STYLES["hint." + name]
