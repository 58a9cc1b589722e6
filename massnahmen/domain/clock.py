"""Today's date, fixed by MASSNAHMEN_TODAY (YYYY-MM-DD) for tests, snapshots and reports."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone


def today() -> date:
    fixed = os.environ.get("MASSNAHMEN_TODAY")
    if fixed:
        return date.fromisoformat(fixed)
    return date.today()


def now_iso() -> str:
    """A timestamp for history rows: local time, seconds, ISO 8601."""
    fixed = os.environ.get("MASSNAHMEN_TODAY")
    if fixed:
        return f"{fixed}T{datetime.now().strftime('%H:%M:%S')}"
    return datetime.now(timezone.utc).astimezone().replace(microsecond=0, tzinfo=None).isoformat()


def current_user(explicit: str | None = None) -> str:
    """--user, else MASSNAHMEN_USER, else the login name."""
    if explicit and explicit.strip():
        return explicit.strip()
    env = os.environ.get("MASSNAHMEN_USER", "").strip()
    if env:
        return env
    try:
        import getpass

        return getpass.getuser() or "unbekannt"
    except Exception:  # no login name (service account, container)
        return "unbekannt"
