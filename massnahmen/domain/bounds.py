"""The valid range of every value, decided once: dates, day counts, version numbers, text lengths.

Every face (CLI options, TUI forms, the import) checks through these functions, so that a value
out of range is refused everywhere with the same German message naming the value and the range.

Dates: 01.01.1900 to 31.12.2199. A concept's measures, reviews and adoption dates lie within a few
decades of today; 1900 still takes any historical date someone may type (the founding of an
institution as a start) and catches typing errors such as 0202 for 2020. 2199 leaves long-term
plans room for generations, catches the placeholder 31.12.9999 that spreadsheets use for
"unbefristet", and keeps every date derived from a valid one (the next review six months on, the
day after a review in a calendar, today plus the longest day window below) far from the year 9999,
where Python's dates end.

Day counts (--within, --due-within): 0 to 36 500 days (100 years) – longer windows say nothing more.

Version numbers (--expect-version): 1 to 2⁶³−1, what an SQLite INTEGER holds; versions start at 1.

Text: MAX_TEXT characters for free text (a larger cell is almost certainly a broken file), MAX_NAME
for names of contacts and the concept; the limits of a measure's title (500), Nr. (50), field (200)
and goal (500) stand beside their attributes in the attribute registry (domain.attributes) and the models."""

from __future__ import annotations

from datetime import date

from massnahmen.domain.errors import InvalidValue, ValidationFailed

MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2199, 12, 31)
MAX_DAYS = 36_500
MIN_VERSION = 1
MAX_VERSION = 2**63 - 1  # SQLite INTEGER
MAX_TEXT = 100_000  # characters of one free-text value
MAX_NAME = 300  # characters of a contact's name, organisation, address; a concept's name
FAR_FUTURE_HINT = "für unbefristet das Feld leer lassen"
MAX_NAMED = 5  # messages about many rows name this many and count the rest


def german_number(n: int) -> str:
    """36500 → '36 500' (digit groups as German texts write them)."""
    return f"{n:,}".replace(",", " ")


def date_range_text() -> str:
    return f"{MIN_DATE:%d.%m.%Y} bis {MAX_DATE:%d.%m.%Y}"


def check_date(day: date, raw: str, label: str) -> date:
    """day if it lies in MIN_DATE … MAX_DATE, else InvalidValue naming raw and the range."""
    if MIN_DATE <= day <= MAX_DATE:
        return day
    raise out_of_range_date(raw, label, far_future=day > MAX_DATE)


def out_of_range_date(raw: str, label: str, *, far_future: bool) -> InvalidValue:
    message = f"„{raw}“ liegt außerhalb des erlaubten Bereichs ({date_range_text()})"
    if far_future and not label.startswith("-"):  # a field, not an option such as --today
        message += f"; {FAR_FUTURE_HINT}"
    return InvalidValue(label, message)


def _digits(value: object) -> str:
    text = str(value)
    return text if len(text) <= 30 else f"{text[:12]}…({len(text)} Ziffern)"


def check_days(value: int, label: str) -> int:
    """A number of days for a window ahead (due within …): 0 … MAX_DAYS."""
    if 0 <= value <= MAX_DAYS:
        return value
    raise InvalidValue(
        label, f"„{_digits(value)}“ liegt außerhalb des erlaubten Bereichs (0 bis {german_number(MAX_DAYS)} Tage)"
    )


def check_version(value: int, label: str = "Version") -> int:
    """A measure's version number as a caller expects it: MIN_VERSION … MAX_VERSION."""
    if MIN_VERSION <= value <= MAX_VERSION:
        return value
    raise InvalidValue(
        label, f"„{_digits(value)}“ liegt außerhalb des erlaubten Bereichs ({MIN_VERSION} bis {MAX_VERSION})"
    )


def check_text_length(text: str, label: str, limit: int = MAX_TEXT) -> str:
    if len(text) > limit:
        raise InvalidValue(label, f"ist zu lang ({len(text)} Zeichen, höchstens {limit})")
    return text


def some_of(items: list, word_more: str = "weitere", limit: int = MAX_NAMED) -> str:
    """'a, b, c, d, e und 9 995 weitere' – a bounded list for a message about many things."""
    shown = ", ".join(str(i) for i in items[:limit])
    rest = len(items) - limit
    return f"{shown} und {german_number(rest)} {word_more}" if rest > 0 else shown


CONTACT_LABELS = {
    "name": "Name",
    "organisation": "Organisation",
    "role": "Funktion",
    "email": "E-Mail",
    "phone": "Telefon",
}


def check_lengths(*items: tuple[str, str | None, int]) -> None:
    """(label, text, limit) each; ValidationFailed naming every text that is too long. For names
    typed into the CLI or the TUI – values already stored are read as they are."""
    problems = []
    for label, text, limit in items:
        try:
            if text:
                check_text_length(str(text), label, limit)
        except InvalidValue as exc:
            problems.append(exc)
    if problems:
        raise ValidationFailed(problems)


def check_contact_lengths(values: dict) -> None:
    check_lengths(*((CONTACT_LABELS[k], v, MAX_NAME) for k, v in values.items() if k in CONTACT_LABELS))
