"""Today's date, fixed by MASSNAHMEN_TODAY (YYYY-MM-DD) for tests, snapshots and reports."""

from __future__ import annotations

import getpass
from datetime import UTC, date, datetime

from massnahmen.domain import settings


def today() -> date:
    return settings.fixed_today() or date.today()


def now_iso() -> str:
    """A timestamp for history rows: local time, seconds, ISO 8601."""
    fixed = settings.fixed_today()
    if fixed:
        return f"{fixed.isoformat()}T{datetime.now().strftime('%H:%M:%S')}"
    return datetime.now(UTC).astimezone().replace(microsecond=0, tzinfo=None).isoformat()


def current_user(explicit: str | None = None) -> str:
    """--user, else MASSNAHMEN_USER, else the login name."""
    if explicit and explicit.strip():
        return explicit.strip()
    env = settings.user()
    if env:
        return env
    try:
        return getpass.getuser() or "unbekannt"
    except Exception:  # no login name (service account, container)
        return "unbekannt"
