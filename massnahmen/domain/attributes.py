"""The one registry of a measure's attributes: per attribute its English key (also the JSON key),
German label, CSV header and import aliases, kind, maximum length, whether it is required, its
column in the measures table, and the parser that checks a typed value.

Everything else derives from it: the CSV contract's columns (domain.csv_contract), the import's
header matching, the JSON keys (models.MEASURE_KEYS), the store's column map, the history labels,
the TUI's table columns and form rows. So every face refuses the same values with the same
German message. ("Field" means only the Handlungsfeld; a measure's property is an attribute.)"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from massnahmen.domain.bounds import MAX_TEXT
from massnahmen.domain.dates import german, iso, parse_date
from massnahmen.domain.errors import InvalidValue, ValidationFailed
from massnahmen.domain.vocab import ASSESSMENT, PRIORITY, STATUS, Vocabulary


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


def _code(label: str, max_len: int) -> Callable[[object], str | None]:
    def parse(value: object) -> str:
        text = _text(label, required=True, max_len=max_len)(value)
        assert text is not None
        if "\n" in text:
            raise InvalidValue(label, "darf keinen Zeilenumbruch enthalten")
        return text

    return parse


def _date(label: str, period: str | None = None) -> Callable[[object], str | None]:
    def parse(value: object) -> str | None:
        return iso(parse_date(None if value is None else str(value), label=label, period=period))

    return parse


def _vocab(vocabulary, label: str) -> Callable[[object], str | None]:
    def parse(value: object) -> str | None:
        return vocabulary.parse(None if value is None else str(value), label=label)

    return parse


# Kinds of attribute: what a value is and how it is checked.
TEXT = "text"
CODE = "code"  # the Nr.: one line
DATE = "date"
PERIOD_DATE = "period date"  # Beginn/Ende: "2026" or "Q3/2026" mean the period's first/last day
VOCABULARY = "vocabulary"  # a term of domain.vocab (status, Ampel, priority)
REFERENCE = "reference"  # a Handlungsfeld, Ziel or contact by name; stored as an id column
CONTACT_PART = "contact part"  # organisation, e-mail, phone of the contact (own CSV columns)
PERIOD = "period"  # Zeitraum: imported into Beginn and Ende, never stored or exported


@dataclass(frozen=True)
class Attribute:
    key: str  # English key: the JSON key, the import key, the key in store rows and the history
    label: str  # German label (forms, history, messages)
    kind: str = TEXT
    required: bool = False
    max_len: int | None = MAX_TEXT  # characters of a text-like value
    column: str | None = None  # column in the measures table (None: not stored there)
    header: str = ""  # CSV header (the label unless given)
    aliases: tuple[str, ...] = ()  # other headers found in real sheets (import)
    vocabulary: Vocabulary | None = None
    short_label: str = ""  # narrow table heading (the label unless given)
    multiline: bool = False  # edited as a text area
    hint: str = ""  # placeholder of the form's input
    row_key: str = ""  # key in store.measures rows (the key unless given)
    parts: tuple[Attribute, ...] = ()  # further CSV columns of this attribute (the contact's)
    parse: Callable[[object], str | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name, default in (("header", self.label), ("short_label", self.label), ("row_key", self.key)):
            if not getattr(self, name):
                object.__setattr__(self, name, default)
        object.__setattr__(self, "parse", self._parser())

    @property
    def json_key(self) -> str:
        return self.key

    def _parser(self) -> Callable[[object], str | None]:
        if self.kind == CODE:
            return _code(self.label, self.max_len or MAX_TEXT)
        if self.kind in (DATE, PERIOD_DATE):
            return _date(self.label, self.key if self.kind == PERIOD_DATE else None)
        if self.kind == VOCABULARY:
            return _vocab(self.vocabulary, self.label)
        return _text(self.label, required=self.required, max_len=self.max_len or MAX_TEXT)


_DATE_HINT = "31.12.2026, 2026, 03/2026 oder Q3/2026"

ATTRIBUTES: list[Attribute] = [
    Attribute(
        "code",
        "Nr.",
        CODE,
        required=True,
        max_len=50,
        column="code",
        header="Nr",
        aliases=("Nr.", "Nummer", "Kennung", "ID", "lfd. Nr.", "Maßnahmen-Nr.", "Maßnahmennummer", "Code"),
        hint="z. B. 3.2.1",
    ),
    Attribute(
        "title",
        "Maßnahme",
        required=True,
        max_len=500,
        column="title",
        aliases=("Titel", "Massnahme", "Bezeichnung", "Maßnahmentitel", "Maßnahmen", "title"),
    ),
    Attribute(
        "description",
        "Beschreibung",
        column="description",
        multiline=True,
        aliases=("Inhalt", "Erläuterung", "Kurzbeschreibung", "description"),
    ),
    Attribute(
        "field",
        "Handlungsfeld",
        REFERENCE,
        required=True,
        max_len=200,
        column="field_id",
        aliases=("Handlungsfelder", "Themenfeld", "Feld", "field", "Sektor", "sector", "Bereich", "Handlungsbereich"),
    ),
    Attribute(
        "goal", "Ziel", REFERENCE, max_len=500, column="goal_id", aliases=("Ziele", "Teilziel", "Zielsetzung", "goal")
    ),
    Attribute(
        "contact",
        "Zuständig",
        REFERENCE,
        max_len=300,
        column="contact_id",
        row_key="contact_name",
        aliases=(
            "Zuständigkeit",
            "Verantwortlich",
            "Verantwortung",
            "Ansprechpartner",
            "Ansprechpartnerin",
            "Ansprechpartner/in",
            "Ansprechpartner*in",
            "Ansprechpartner:in",
            "Ansprechperson",
            "Federführung",
            "federführend",
            "contact",
        ),
        parts=(
            Attribute(
                "organisation",
                "Organisation",
                CONTACT_PART,
                max_len=300,
                row_key="contact_organisation",
                aliases=("Institution", "Einrichtung", "Dienststelle", "organisation"),
            ),
            Attribute(
                "email",
                "E-Mail",
                CONTACT_PART,
                max_len=300,
                row_key="contact_email",
                aliases=("Mail", "E-Mail-Adresse", "email"),
            ),
            Attribute(
                "phone",
                "Telefon",
                CONTACT_PART,
                max_len=300,
                row_key="contact_phone",
                aliases=("Tel.", "Telefonnummer", "phone"),
            ),
        ),
    ),
    Attribute(
        "partners",
        "Partner",
        column="partners",
        hint="beteiligte Organisationen",
        aliases=("Kooperationspartner", "Beteiligte", "Mitwirkende", "partners"),
    ),
    Attribute(
        "status",
        "Status",
        VOCABULARY,
        required=True,
        max_len=None,
        column="status",
        vocabulary=STATUS,
        aliases=("Stand", "Umsetzungsstand", "Stand der Umsetzung", "status"),
    ),
    Attribute(
        "assessment",
        "Ampel",
        VOCABULARY,
        max_len=None,
        column="assessment",
        vocabulary=ASSESSMENT,
        aliases=("Bewertung", "Ampelstatus", "assessment"),
    ),
    Attribute(
        "priority",
        "Priorität",
        VOCABULARY,
        max_len=None,
        column="priority",
        vocabulary=PRIORITY,
        aliases=("Prio", "priority"),
    ),
    Attribute(
        "start",
        "Beginn",
        PERIOD_DATE,
        max_len=None,
        column="start_date",
        hint=_DATE_HINT,
        aliases=("Start", "Startdatum", "von", "start"),
    ),
    Attribute(
        "end",
        "Ende",
        PERIOD_DATE,
        max_len=None,
        column="end_date",
        hint=_DATE_HINT,
        aliases=("Enddatum", "bis", "Abschluss", "end"),
    ),
    Attribute(
        "review_date",
        "Wiedervorlage",
        DATE,
        max_len=None,
        column="review_date",
        short_label="Wiedervorl.",
        hint="TT.MM.JJJJ, z. B. 31.03.2027",
        aliases=("Überprüfung", "nächste Überprüfung", "Review", "Wiedervorlagedatum", "WV", "review_date"),
    ),
    Attribute(
        "funding", "Finanzierung", column="funding", aliases=("Kosten", "Mittel", "Finanzierungsquelle", "funding")
    ),
    Attribute(
        "indicator",
        "Indikator",
        column="indicator",
        aliases=("Indikatoren", "Messgröße", "Erfolgsindikator", "indicator"),
    ),
    Attribute("source", "Herkunft", column="source", aliases=("Quelle", "source")),
    Attribute(
        "notes",
        "Notizen",
        column="notes",
        multiline=True,
        aliases=("Notiz", "Bemerkung", "Bemerkungen", "Anmerkung", "Anmerkungen", "Hinweise", "Kommentar", "notes"),
    ),
]

# Import only: a Zeitraum column ("2026–2027") fills Beginn and Ende.
PERIOD_ATTRIBUTE = Attribute(
    "period",
    "Zeitraum",
    PERIOD,
    max_len=200,
    aliases=("Laufzeit", "Umsetzungszeitraum", "Zeitplan", "Zeitschiene", "period"),
)

BY_KEY: dict[str, Attribute] = {a.key: a for a in ATTRIBUTES}

# The attributes stored as a value of their own (references are ids of other tables).
PLAIN_COLUMNS = tuple(a.key for a in ATTRIBUTES if a.kind != REFERENCE)


def csv_columns() -> list[Attribute]:
    """The CSV contract's columns in their order: every attribute, the contact with its parts."""
    return [col for a in ATTRIBUTES for col in (a, *a.parts)]


def import_columns() -> list[Attribute]:
    """What an imported column can hold: the CSV columns and the Zeitraum (after Ende)."""
    out: list[Attribute] = []
    for col in csv_columns():
        out.append(col)
        if col.key == "end":
            out.append(PERIOD_ATTRIBUTE)
    return out


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
    if value is None or value == "":
        return "–"
    text = str(value)
    attr = BY_KEY.get(key)
    kind = attr.kind if attr else (DATE if key == "review" else TEXT)  # review: a Sachstand's date
    if kind == VOCABULARY and attr and attr.vocabulary:
        return attr.vocabulary.label(text)
    if kind in (DATE, PERIOD_DATE) and len(text) == 10 and text[4] == "-":
        return german(text)
    return text
