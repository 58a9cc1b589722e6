"""One date parser for German and ISO dates, and periods (2026, 03/2026, Q3/2026) for start/end."""

from __future__ import annotations

import calendar
import re
from datetime import date

from massnahmen.domain.bounds import MAX_DATE, MAX_DAYS, check_date, out_of_range_date
from massnahmen.domain.errors import InvalidValue

_WEEKS_LATER = re.compile(r"^\+\s*(\d{1,4})\s*(w|wo|woche|wochen)?\.?$", re.IGNORECASE)
_GERMAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]")
_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{1,2})\s*/\s*(\d{4})$|^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^q\s*([1-4])\s*[/ .-]?\s*(\d{4})$|^(\d{4})\s*[/ -]?\s*q([1-4])$", re.I)


def _build(year: int, month: int, day: int, raw: str, label: str) -> date:
    """The date, refused when it does not exist or lies outside domain.bounds' range."""
    try:
        built = date(year, month, day)
    except ValueError:
        if 1 <= month <= 12 and 1 <= day <= 31 and (year < 1 or year > 9999):
            raise out_of_range_date(raw, label, far_future=year > MAX_DATE.year) from None
        raise InvalidValue(label, f"„{raw}“ ist kein gültiges Datum") from None
    return check_date(built, raw, label)


def parse_date(value: str | date | None, *, label: str = "Datum", period: str | None = None) -> date | None:
    """Parse '31.12.2026', '31.12.26', '2026-12-31' (and with period='start'/'end'
    also '2026', '03/2026', 'Q3/2026', which become the first or last day).
    Empty input gives None; anything else raises InvalidValue with a German message."""
    if value is None:
        return None
    if isinstance(value, date):
        return check_date(value, german(value), label)
    raw = value.strip()
    if not raw:
        return None
    if _TIMESTAMP.match(raw):
        raw = raw[:10]  # ISO timestamp: keep the day
    m = _GERMAN.match(raw)
    if m:
        d, mo, y = m.groups()
        year = int(y) + 2000 if len(y) == 2 else int(y)
        return _build(year, int(mo), int(d), raw, label)
    m = _ISO.match(raw)
    if m:
        y, mo, d = m.groups()
        return _build(int(y), int(mo), int(d), raw, label)
    if period in ("start", "end"):
        first = period == "start"
        m = _YEAR.match(raw)
        if m:
            y = int(m.group(1))
            return _build(y, 1, 1, raw, label) if first else _build(y, 12, 31, raw, label)
        m = _MONTH.match(raw)
        if m:
            mo, y = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
            mo, y = int(mo), int(y)
            if not 1 <= mo <= 12:
                raise InvalidValue(label, f"„{raw}“ ist kein gültiger Monat")
            if first:
                return _build(y, mo, 1, raw, label)
            return _build(y, mo, calendar.monthrange(max(y, 1), mo)[1], raw, label)
        m = _QUARTER.match(raw)
        if m:
            q, y = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
            q, y = int(q), int(y)
            if first:
                return _build(y, 3 * q - 2, 1, raw, label)
            mo = 3 * q
            return _build(y, mo, calendar.monthrange(max(y, 1), mo)[1], raw, label)
        raise InvalidValue(
            label,
            f"„{raw}“ ist kein gültiges Datum (erwartet z. B. 31.12.2026, 2026, 03/2026 oder Q3/2026)",
        )
    raise InvalidValue(label, f"„{raw}“ ist kein gültiges Datum (erwartet z. B. 31.12.2026)")


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def german(value: str | date | None) -> str:
    """'2026-12-31' → '31.12.2026'; empty → ''."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10]).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return value.strftime("%d.%m.%Y")


def add_months(day: date, months: int) -> date:
    """Same day n months later (clamped to the month's end): the default next review."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


DEFAULT_DUE_DAYS = 30
DEFAULT_NEXT_REVIEW_MONTHS = 6


def weeks_later(text: str | None, *, label: str) -> int | None:
    """„+4“ or „+4 Wochen“ typed for a date: 4 (weeks later than a day the caller knows); None
    for text that does not start with „+“. A „+“ with anything else, or too many weeks: InvalidValue."""
    text = (text or "").strip()
    if not text.startswith("+"):
        return None
    weeks = _WEEKS_LATER.match(text)
    if not weeks:
        raise InvalidValue(label, f"„{text}“ verstehe ich nicht – z. B. „+4“ für vier Wochen später.")
    n = int(weeks.group(1))
    if not 1 <= n <= MAX_DAYS // 7:
        raise InvalidValue(label, f"„+{n}“ Wochen: bitte 1 bis {MAX_DAYS // 7} Wochen.")
    return n
