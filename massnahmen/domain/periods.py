"""Periods named in the titles of Sachstand columns and rows („Sachstand 2015/2016“, „Stand
03/2026“, „Sachstand 2. Hj. 2025“): a Sachstand of a period is dated on the period's last day.

    2023, Stand 2023                      → 31.12.2023
    2015/2016, 2017/18, 2017–2018         → 31.12. of the later year (a report over two years)
    1. Hj. 2025, 2. Halbjahr 2025, H2/2025 → 30.06.2025, 31.12.2025
    Q3/2026, 3. Quartal 2026              → 30.09.2026
    03/2026, März 2026                    → 31.03.2026
    15.03.2026, 2026-03-15                → that day
"""

from __future__ import annotations

import re
from datetime import date

from massnahmen.domain.dates import parse_date
from massnahmen.domain.errors import InvalidValue
from massnahmen.domain.text import fold

_PREFIX = re.compile(r"^\s*(?:sachstand|stand)(?:\s+(?:am|vom|zum|per))?\b\s*[:\-–]?\s*(.*?)\s*$", re.IGNORECASE)
_SPAN = re.compile(r"^(\d{4})\s*(?:/|-|–|—|bis)\s*(\d{2}|\d{4})$")
_HALF = re.compile(r"^(?:([12])\s*\.?\s*(?:hj|halbjahr)\.?\s*(\d{4})|h([12])\s*[/ .-]?\s*(\d{4}))$")
_QUARTER_WORD = re.compile(r"^([1-4])\s*\.?\s*(?:quartal|q)\.?\s*(\d{4})$")
_MONTH_WORD = re.compile(r"^([a-z]+)\.?\s*(\d{4})$")
_MONTHS = {
    "jan": 1,
    "januar": 1,
    "feb": 2,
    "februar": 2,
    "mar": 3,
    "marz": 3,
    "maerz": 3,
    "apr": 4,
    "april": 4,
    "mai": 5,
    "jun": 6,
    "juni": 6,
    "jul": 7,
    "juli": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "okt": 10,
    "oktober": 10,
    "nov": 11,
    "november": 11,
    "dez": 12,
    "dezember": 12,
}


def period_end(text: str) -> date | None:
    """The last day of the period a text names („2015/2016“, „2. Hj. 2025“, „Q3/2026“ …), None if it
    names none (see the module's table)."""
    raw = " ".join((text or "").split())
    folded = fold(raw)
    m = _SPAN.match(folded)
    if m:
        first, second = int(m.group(1)), m.group(2)
        later = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        return date(later, 12, 31) if 0 <= later - first <= 5 else None
    m = _HALF.match(folded)
    if m:
        half, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        return date(int(year), 6, 30) if half == "1" else date(int(year), 12, 31)
    m = _QUARTER_WORD.match(folded)
    if m:
        folded = f"q{m.group(1)}/{m.group(2)}"
    m = _MONTH_WORD.match(folded)
    if m and m.group(1) in _MONTHS:
        folded = f"{_MONTHS[m.group(1)]:02d}/{m.group(2)}"
    try:
        return parse_date(folded, label="Zeitraum", period="end")
    except InvalidValue:
        return None


def titled_period(title: str) -> tuple[bool, date | None]:
    """For a column or row title: does it name a Sachstand of a period („Sachstand …“ or „Stand …“
    followed by something with a digit), and which day is it (None: it cannot be dated)?"""
    m = _PREFIX.match(title or "")
    if not m or not any(c.isdigit() for c in m.group(1)):
        return False, None
    return True, period_end(m.group(1))
