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

# name → what it does, in the words of the help page
DOCUMENTED = {
    DB: "Datenbankdatei, wenn beim Aufruf keine angegeben ist (sonst ./massnahmen.db).",
    USER: "Wer ändert, wenn beim Aufruf niemand angegeben ist (sonst der Anmeldename).",
    BUSY_TIMEOUT: f"Sekunden, die auf einen anderen Schreibvorgang gewartet wird (Standard "
                  f"{DEFAULT_BUSY_TIMEOUT:g}).",
    TUI_START: "Startbildschirm der Arbeitsoberfläche: overview, measures, contacts, fields, archive.",
    TODAY: "Fester Stichtag JJJJ-MM-TT statt heute (für Schulungen und Tests).",
}


def _get(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def db_path() -> str | None:
    return _get(DB)


def user() -> str | None:
    return _get(USER)


def tui_start() -> str | None:
    return _get(TUI_START)


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
