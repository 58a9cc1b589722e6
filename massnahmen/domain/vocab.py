"""Vocabularies: status, assessment (Ampel) and priority with German labels, import aliases, short
labels and style names (the faces map a style name such as "ampel.rot" to their colours)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from massnahmen.domain.errors import InvalidValue
from massnahmen.domain.text import fold_key, transliterate


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    closed: bool = False
    description: str = ""
    short: str = ""  # in a table cell (the label unless given)
    heading: str = ""  # as a narrow column heading (the short label unless given)
    abbreviation: str = ""  # as the narrowest column heading, explained below it (the heading unless given)
    style: str = ""  # style name, "<vocabulary style>.<key>" (set by the vocabulary)


class Vocabulary:
    """An ordered set of terms; parse() accepts key, label or alias, folded."""

    def __init__(self, name: str, terms: list[Term], *, style: str, optional: bool = False) -> None:
        self.name = name
        self.style_prefix = style
        self.terms = [self._complete(t) for t in terms]
        terms = self.terms
        self.optional = optional
        self.by_key = {t.key: t for t in terms}
        self._lookup: dict[str, str] = {}
        for t in terms:
            for word in (t.key, t.label, *t.aliases):
                self._lookup[fold_key(word)] = t.key
                self._lookup.setdefault(fold_key(transliterate(word)), t.key)

    def _complete(self, term: Term) -> Term:
        short = term.short or term.label
        heading = term.heading or short
        return replace(
            term,
            short=short,
            heading=heading,
            abbreviation=term.abbreviation or heading,
            style=f"{self.style_prefix}.{term.key}",
        )

    def style(self, key: str | None) -> str:
        """The style name of a term; "<vocabulary style>.none" without one."""
        return f"{self.style_prefix}.{key if key in self.by_key else 'none'}"

    def short(self, key: str | None) -> str:
        """The short label of a term (the key itself if unknown)."""
        return self._word(key, "short")

    @property
    def keys(self) -> list[str]:
        return [t.key for t in self.terms]

    def label(self, key: str | None) -> str:
        return self._word(key, "label")

    def _word(self, key: str | None, which: str) -> str:
        if not key:
            return ""
        term = self.by_key.get(key)
        return getattr(term, which) if term else key

    def allowed(self) -> str:
        """The terms as the office writes them (the keys are accepted too)."""
        return ", ".join(t.label for t in self.terms)

    def parse(self, value: str | None, *, label: str | None = None, param: str | None = None) -> str | None:
        """Return the key for a key/label/alias; None for empty input if optional. param: the
        parameter the value came in (InvalidValue.param), for a face to name its own input."""
        text = (value or "").strip()
        if not text:
            if self.optional:
                return None
            raise InvalidValue(label or self.name, "darf nicht leer sein", param=param)
        key = self._lookup.get(fold_key(text))
        if key is None:
            raise InvalidValue(
                label or self.name,
                f"„{text}“ ist unbekannt; erlaubt: {self.allowed()}",
                param=param,
            )
        return key


STATUS = Vocabulary(
    "Status",
    [
        Term(
            "geplant",
            "geplant",
            ("nicht begonnen", "offen", "neu", "in Planung", "in Vorbereitung", "planned"),
            abbreviation="gepl.",
        ),
        Term(
            "in_umsetzung",
            "in Umsetzung",
            ("in Arbeit", "begonnen", "in Bearbeitung", "läuft", "in Durchführung", "in progress"),
            heading="in Ums.",
            abbreviation="Ums.",
        ),
        Term(
            "verstetigt",
            "verstetigt (Daueraufgabe)",
            ("verstetigt", "laufend", "dauerhaft", "Daueraufgabe", "Regelangebot"),
            short="verstetigt",
            heading="verst.",
        ),
        Term(
            "zurueckgestellt",
            "zurückgestellt",
            ("pausiert", "verschoben", "ruht"),
            heading="zurückg.",
            abbreviation="zurück.",
        ),
        Term(
            "umgesetzt",
            "umgesetzt",
            ("abgeschlossen", "erledigt", "fertig", "beendet", "done"),
            closed=True,
            heading="umges.",
        ),
        Term(
            "verworfen",
            "verworfen",
            ("abgebrochen", "gestrichen", "entfällt", "nicht umsetzbar", "gescheitert", "gestoppt", "eingestellt"),
            closed=True,
            heading="verw.",
        ),
    ],
    style="status",
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
    style="ampel",
    optional=True,
)

PRIORITY = Vocabulary(
    "Priorität",
    [
        Term("hoch", "hoch", ("1", "high", "A")),
        Term("mittel", "mittel", ("2", "medium", "normal", "B")),
        Term("niedrig", "niedrig", ("3", "low", "gering", "C")),
    ],
    style="priority",
    optional=True,
)

ASSESSMENT_NONE_LABEL = "nicht bewertet"


def assessment_text(key: str | None) -> str:
    """'grün (im Plan)' or 'nicht bewertet'."""
    term = ASSESSMENT.by_key.get(key or "")
    return f"{term.label} ({term.description})" if term else ASSESSMENT_NONE_LABEL
