"""Settings that come from the environment, all in one place.

Each name here is also shown in `massnahmen --help` (the root command's options name their
variable through Typer's `envvar`; the others are listed in its text), so an office finds them
without reading code."""

from __future__ import annotations

import os
from datetime import date

from massnahmen.domain.errors import UsageProblem

DB = "MASSNAHMEN_DB"
USER = "MASSNAHMEN_USER"
BUSY_TIMEOUT = "MASSNAHMEN_BUSY_TIMEOUT"
TUI_START = "MASSNAHMEN_TUI_START"
TODAY = "MASSNAHMEN_TODAY"

DEFAULT_BUSY_TIMEOUT = 5.0

# The TUI's screens by the names MASSNAHMEN_TUI_START takes (the app's modes are these, in this order).
TUI_SCREENS = ("overview", "measures", "contacts", "fields", "ideas")
DEFAULT_TUI_SCREEN = "overview"

# name → what it does, in the words of the help page
DOCUMENTED = {
    DB: "Datenbankdatei, wenn beim Aufruf keine angegeben ist (sonst ./massnahmen.db).",
    USER: "Wer ändert, wenn beim Aufruf niemand angegeben ist (sonst der Anmeldename).",
    BUSY_TIMEOUT: f"Sekunden, die auf einen anderen Schreibvorgang gewartet wird (Standard {DEFAULT_BUSY_TIMEOUT:g}).",
    TUI_START: f"Startbildschirm der Arbeitsoberfläche: {', '.join(TUI_SCREENS)} (Standard {DEFAULT_TUI_SCREEN}).",
    TODAY: "Fester Stichtag JJJJ-MM-TT statt heute (für Schulungen und Tests).",
}


def _get(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def db_path() -> str | None:
    return _get(DB)


def user() -> str | None:
    return _get(USER)


def tui_start() -> str:
    """The TUI's first screen (one of TUI_SCREENS); an unknown name is refused, not silently replaced."""
    value = _get(TUI_START)
    if value is None:
        return DEFAULT_TUI_SCREEN
    if value not in TUI_SCREENS:
        raise UsageProblem(
            f"{TUI_START}=„{value}“ ist kein Bildschirm der Arbeitsoberfläche; möglich sind: {', '.join(TUI_SCREENS)}."
        )
    return value


def busy_timeout() -> float:
    """Seconds a writer waits for another one; a value that is not a number means the default."""
    try:
        return max(0.0, float(_get(BUSY_TIMEOUT) or DEFAULT_BUSY_TIMEOUT))
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT


def fixed_today() -> date | None:
    """The day set by MASSNAHMEN_TODAY, or None for the real today."""
    value = _get(TODAY)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageProblem(f"{TODAY}=„{value}“ ist kein Datum der Form JJJJ-MM-TT.") from None


def help_text() -> str:
    """The environment variables as lines for a help page."""
    return "\n\n".join(f"{name}: {text}" for name, text in DOCUMENTED.items())
