"""Vocabularies: status, assessment (Ampel) and priority with German labels and import aliases."""

from __future__ import annotations

from dataclasses import dataclass

from massnahmen.domain.errors import InvalidValue
from massnahmen.domain.text import fold_key, transliterate


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    closed: bool = False
    description: str = ""


class Vocabulary:
    """An ordered set of terms; parse() accepts key, label or alias, folded."""

    def __init__(self, name: str, terms: list[Term], *, optional: bool = False) -> None:
        self.name = name
        self.terms = terms
        self.optional = optional
        self.by_key = {t.key: t for t in terms}
        self._lookup: dict[str, str] = {}
        for t in terms:
            for word in (t.key, t.label, *t.aliases):
                self._lookup[fold_key(word)] = t.key
                self._lookup.setdefault(fold_key(transliterate(word)), t.key)

    @property
    def keys(self) -> list[str]:
        return [t.key for t in self.terms]

    def label(self, key: str | None) -> str:
        if not key:
            return ""
        term = self.by_key.get(key)
        return term.label if term else key

    def allowed(self) -> str:
        """The terms as the office writes them (the keys are accepted too)."""
        return ", ".join(t.label for t in self.terms)

    def parse(self, value: str | None, *, label: str | None = None) -> str | None:
        """Return the key for a key/label/alias; None for empty input if optional."""
        text = (value or "").strip()
        if not text:
            if self.optional:
                return None
            raise InvalidValue(label or self.name, "darf nicht leer sein")
        key = self._lookup.get(fold_key(text))
        if key is None:
            raise InvalidValue(
                label or self.name,
                f"„{text}“ ist unbekannt; erlaubt: {self.allowed()}",
            )
        return key


STATUS = Vocabulary(
    "Status",
    [
        Term("geplant", "geplant", ("nicht begonnen", "offen", "neu", "in Planung", "in Vorbereitung", "planned")),
        Term("in_umsetzung", "in Umsetzung",
             ("in Arbeit", "begonnen", "in Bearbeitung", "läuft", "in Durchführung", "in progress")),
        Term(
            "verstetigt",
            "verstetigt (Daueraufgabe)",
            ("verstetigt", "laufend", "dauerhaft", "Daueraufgabe", "Regelangebot"),
        ),
        Term("zurueckgestellt", "zurückgestellt", ("pausiert", "verschoben", "ruht")),
        Term("umgesetzt", "umgesetzt", ("abgeschlossen", "erledigt", "fertig", "beendet", "done"), closed=True),
        Term(
            "verworfen",
            "verworfen",
            ("abgebrochen", "gestrichen", "entfällt", "nicht umsetzbar", "gescheitert", "gestoppt",
             "eingestellt"),
            closed=True,
        ),
    ],
)

CLOSED_STATUSES = tuple(t.key for t in STATUS.terms if t.closed)
OPEN_STATUSES = tuple(t.key for t in STATUS.terms if not t.closed)

ASSESSMENT = Vocabulary(
    "Ampel",
    [
        Term("gruen", "grün", ("im Plan", "gut", "green"), description="im Plan"),
        Term("gelb", "gelb", ("verzögert", "yellow"), description="verzögert"),
        Term("rot", "rot", ("gefährdet", "red"), description="gefährdet"),
    ],
    optional=True,
)

PRIORITY = Vocabulary(
    "Priorität",
    [
        Term("hoch", "hoch", ("1", "high", "A")),
        Term("mittel", "mittel", ("2", "medium", "normal", "B")),
        Term("niedrig", "niedrig", ("3", "low", "gering", "C")),
    ],
    optional=True,
)

ASSESSMENT_NONE_LABEL = "nicht bewertet"


def assessment_text(key: str | None) -> str:
    """'grün (im Plan)' or 'nicht bewertet'."""
    term = ASSESSMENT.by_key.get(key or "")
    return f"{term.label} ({term.description})" if term else ASSESSMENT_NONE_LABEL
