"""The measure's attributes: English key, German label, and the parser that checks a typed value.

Shared by the CLI, the TUI forms, the pydantic models and the CSV import, so that every face
refuses the same values with the same German message."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from massnahmen.domain.dates import iso, parse_date
from massnahmen.domain.errors import InvalidValue
from massnahmen.domain.vocab import ASSESSMENT, PRIORITY, STATUS

MAX_TEXT = 100_000  # characters; a cell larger than this is almost certainly a broken file


def _text(label: str, required: bool = False, max_len: int = MAX_TEXT) -> Callable[[object], str | None]:
    def parse(value: object) -> str | None:
        if value is None:
            text = ""
        else:
            text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
        if not text:
            if required:
                raise InvalidValue(label, "darf nicht leer sein")
            return None
        if len(text) > max_len:
            raise InvalidValue(label, f"ist zu lang ({len(text)} Zeichen, höchstens {max_len})")
        return text

    return parse


def _code(value: object) -> str:
    text = _text("Nr.", required=True, max_len=50)(value)
    assert text is not None
    if "\n" in text:
        raise InvalidValue("Nr.", "darf keinen Zeilenumbruch enthalten")
    return text


def _date(label: str, period: str | None = None) -> Callable[[object], str | None]:
    def parse(value: object) -> str | None:
        return iso(parse_date(None if value is None else str(value), label=label, period=period))

    return parse


def _vocab(vocabulary, label: str) -> Callable[[object], str | None]:
    def parse(value: object) -> str | None:
        return vocabulary.parse(None if value is None else str(value), label=label)

    return parse


@dataclass(frozen=True)
class Attribute:
    key: str
    label: str
    parse: Callable[[object], str | None]
    required: bool = False


ATTRIBUTES: list[Attribute] = [
    Attribute("code", "Nr.", _code, required=True),
    Attribute("title", "Maßnahme", _text("Maßnahme", required=True, max_len=500), required=True),
    Attribute("description", "Beschreibung", _text("Beschreibung")),
    Attribute("field", "Handlungsfeld", _text("Handlungsfeld", required=True, max_len=200), required=True),
    Attribute("goal", "Ziel", _text("Ziel", max_len=500)),
    Attribute("contact", "Zuständig", _text("Zuständig", max_len=300)),
    Attribute("partners", "Partner", _text("Partner")),
    Attribute("status", "Status", _vocab(STATUS, "Status"), required=True),
    Attribute("assessment", "Ampel", _vocab(ASSESSMENT, "Ampel")),
    Attribute("priority", "Priorität", _vocab(PRIORITY, "Priorität")),
    Attribute("start", "Beginn", _date("Beginn", "start")),
    Attribute("end", "Ende", _date("Ende", "end")),
    Attribute("review_date", "Wiedervorlage", _date("Wiedervorlage")),
    Attribute("funding", "Finanzierung", _text("Finanzierung")),
    Attribute("indicator", "Indikator", _text("Indikator")),
    Attribute("source", "Herkunft", _text("Herkunft")),
    Attribute("notes", "Notizen", _text("Notizen")),
]

BY_KEY: dict[str, Attribute] = {a.key: a for a in ATTRIBUTES}

# Columns of the measures table that hold a measure's own values (references excluded).
PLAIN_COLUMNS = tuple(
    a.key for a in ATTRIBUTES if a.key not in ("field", "goal", "contact")
)

HISTORY_LABELS: dict[str, str] = {a.key: a.label for a in ATTRIBUTES} | {
    "created": "angelegt",
    "archived": "archiviert",
    "review": "Sachstand",
}


def label(key: str) -> str:
    return HISTORY_LABELS.get(key, key)


def parse_value(key: str, value: object) -> str | None:
    return BY_KEY[key].parse(value)


def parse_values(values: dict[str, object], *, creating: bool) -> dict[str, str | None]:
    """Check all given values; raise ValidationFailed listing every problem.

    With creating=True the required attributes must be present (status defaults to geplant)."""
    from massnahmen.domain.errors import ValidationFailed

    problems: list[InvalidValue] = []
    out: dict[str, str | None] = {}
    given = dict(values)
    if creating:
        given.setdefault("status", "geplant")
        for attr in ATTRIBUTES:
            if attr.required and attr.key not in given:
                given[attr.key] = None
    for key, value in given.items():
        if key not in BY_KEY:
            raise KeyError(key)
        try:
            out[key] = BY_KEY[key].parse(value)
        except InvalidValue as exc:
            problems.append(exc)
    if problems:
        raise ValidationFailed(problems)
    return out


def display_value(key: str, value: object) -> str:
    """A stored value as the office reads it: status and Ampel labels, German dates."""
    from massnahmen.domain.dates import german
    from massnahmen.domain.vocab import ASSESSMENT, PRIORITY, STATUS

    if value is None or value == "":
        return "–"
    text = str(value)
    if key == "status":
        return STATUS.label(text)
    if key == "assessment":
        return ASSESSMENT.label(text)
    if key == "priority":
        return PRIORITY.label(text)
    if key in ("start", "end", "review_date", "review") and len(text) == 10 and text[4] == "-":
        return german(text)
    return text
